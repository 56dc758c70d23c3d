// The camera half of the app's scanner (app/src/components/scanner.rs), loaded as a module
// script from /scanner/camera.js only when a Scan button is pressed. It opens the rear camera,
// grabs a few frames a second and reads codes with the browser's BarcodeDetector where there is
// one, otherwise with the Rust reader in ./scanner.js (crate `scanner/`, fetched on first use).
// What a code means stays in Rust: this only reports `(text, format)` to `onCode`.

const FORMATS = ['qr_code', 'ean_13', 'ean_8', 'code_128'];
const EVERY_MS = 250;
const MAX_WIDTH = 640;

let rustReader;

async function makeReader() {
  if ('BarcodeDetector' in globalThis) {
    const supported = await globalThis.BarcodeDetector.getSupportedFormats();
    const formats = FORMATS.filter((f) => supported.includes(f));
    if (formats.length > 0) {
      const detector = new globalThis.BarcodeDetector({ formats });
      return async (video) => {
        const [code] = await detector.detect(video);
        return code ? { text: code.rawValue, format: code.format } : null;
      };
    }
  }
  rustReader ??= import('./scanner.js').then(async (m) => {
    await m.default();
    return m;
  });
  const m = await rustReader;
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  return async (video) => {
    const scale = Math.min(1, MAX_WIDTH / (video.videoWidth || MAX_WIDTH));
    const w = Math.round(video.videoWidth * scale);
    const h = Math.round(video.videoHeight * scale);
    if (w === 0 || h === 0) return null;
    canvas.width = w;
    canvas.height = h;
    ctx.drawImage(video, 0, 0, w, h);
    const rgba = ctx.getImageData(0, 0, w, h).data;
    const luma = new Uint8Array(w * h);
    for (let i = 0, j = 0; j < luma.length; i += 4, j += 1) {
      luma[j] = (rgba[i] * 77 + rgba[i + 1] * 150 + rgba[i + 2] * 29) >> 8;
    }
    const found = m.decode(luma, w, h);
    if (!found) return null;
    const code = { text: found.text, format: found.format };
    found.free();
    return code;
  };
}

// Opens the camera into `video` and calls `onCode(text, format)` for every code read until
// `stop()`. Rejects with the DOMException of getUserMedia (NotAllowedError, NotFoundError…).
export async function open(video, onCode) {
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    throw new DOMException('this browser gives no camera to the page', 'NotFoundError');
  }
  const stream = await navigator.mediaDevices.getUserMedia({
    video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } },
    audio: false,
  });
  const [track] = stream.getVideoTracks();
  let stopped = false;
  let timer = 0;
  const stop = () => {
    stopped = true;
    clearTimeout(timer);
    stream.getTracks().forEach((t) => t.stop());
    video.srcObject = null;
  };
  try {
    video.muted = true;
    video.setAttribute('playsinline', '');
    video.srcObject = stream;
    await video.play();
    const read = await makeReader();
    const tick = async () => {
      if (stopped) return;
      try {
        const code = await read(video);
        if (code && !stopped) onCode(code.text, code.format);
      } catch (e) {
        console.warn('scanner: frame not read', e);
      }
      if (!stopped) timer = setTimeout(tick, EVERY_MS);
    };
    timer = setTimeout(tick, EVERY_MS);
  } catch (e) {
    stop();
    throw e;
  }
  const caps = track && track.getCapabilities ? track.getCapabilities() : {};
  return {
    hasTorch: Boolean(caps.torch),
    torch: (on) => track.applyConstraints({ advanced: [{ torch: on }] }),
    stop,
  };
}

// The app loads this file with a module <script> and finds it here (no eval, no inline script:
// the page's Content-Security-Policy allows only this origin's files).
globalThis.edgemallCamera = { open };
