// Turning on Web Push, the browser half, loaded only when the customer presses "turn on
// notifications" (app/src/inbox.rs): permission, the service worker, the subscription with the
// server's VAPID key. Sets the global `edgemallPush = { subscribe(key) }`; `subscribe` resolves
// to the subscription's JSON text, or rejects with 'unsupported' or 'denied'.
globalThis.edgemallPush = {
  async subscribe(key) {
    if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window)) throw 'unsupported';
    if (await Notification.requestPermission() !== 'granted') throw 'denied';
    await navigator.serviceWorker.register('/sw.js');
    const reg = await navigator.serviceWorker.ready;
    const b64 = key.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - key.length % 4) % 4);
    const applicationServerKey = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
    const sub = await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey });
    return JSON.stringify(sub);
  },
};
