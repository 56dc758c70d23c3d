// edgemall's service worker: shows each Web Push message (the worker encrypted it per RFC 8291;
// the browser decrypted it) and opens its link when the notification is tapped. It caches
// nothing: the app is served fresh by the worker.
self.addEventListener('push', (event) => {
  let m = {};
  try { m = event.data ? event.data.json() : {}; } catch (_) { m = { title: event.data && event.data.text() }; }
  event.waitUntil(self.registration.showNotification(m.title || 'edgemall', {
    body: m.body || '',
    tag: m.id,
    data: { link: m.link || '/messages' },
  }));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const link = new URL((event.notification.data && event.notification.data.link) || '/messages', self.location.origin);
  event.waitUntil((async () => {
    const open = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
    for (const c of open) {
      if (new URL(c.url).origin === link.origin && 'navigate' in c) {
        await c.focus();
        return c.navigate(link.href);
      }
    }
    return self.clients.openWindow(link.href);
  })());
});
