// Reading a voucher's QR code with the device's camera. Frames are decoded by the browser's own
// BarcodeDetector where it has one (Chrome on Android, macOS…), otherwise by jsQR, copied into
// assets/vendor/ by `npm run vendor` and loaded only when the camera opens. No camera API (or a
// page not served over HTTPS): no scan button, the code is typed.

import { h } from './dom.js';

const JSQR_SRC = 'assets/vendor/jsqr/jsQR.js';
let jsQrLoading = null;

/** window.jsQR, loaded once from assets/vendor/ as a classic script; null when it cannot load. */
function loadJsQr() {
  if (window.jsQR) return Promise.resolve(window.jsQR);
  if (!jsQrLoading) {
    jsQrLoading = new Promise((resolve) => {
      const script = document.createElement('script');
      script.src = JSQR_SRC;
      script.async = true;
      script.onload = () => resolve(typeof window.jsQR === 'function' ? window.jsQR : null);
      script.onerror = () => {
        jsQrLoading = null;
        resolve(null);
      };
      document.head.append(script);
    });
  }
  return jsQrLoading;
}

async function nativeDetector() {
  if (!('BarcodeDetector' in window)) return null;
  try {
    const formats = await window.BarcodeDetector.getSupportedFormats?.();
    if (Array.isArray(formats) && !formats.includes('qr_code')) return null;
    const detector = new window.BarcodeDetector({ formats: ['qr_code'] });
    return async (video) => ((await detector.detect(video)) || []).map((b) => b.rawValue);
  } catch {
    return null;
  }
}

/** Decodes a video frame with jsQR, scaled down to at most 800 px wide (enough for a printed QR code). */
async function jsQrDetector() {
  const jsQR = await loadJsQr();
  if (!jsQR) return null;
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });
  return async (video) => {
    const width = video.videoWidth;
    const height = video.videoHeight;
    if (!width || !height) return [];
    const scale = Math.min(1, 800 / width);
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    context.drawImage(video, 0, 0, canvas.width, canvas.height);
    const image = context.getImageData(0, 0, canvas.width, canvas.height);
    const found = jsQR(image.data, image.width, image.height, { inversionAttempts: 'attemptBoth' });
    return found?.data ? [found.data] : [];
  };
}

/** The frame decoder: the browser's, else jsQR's; null when neither is available. */
export async function frameDecoder() {
  return (await nativeDetector()) || jsQrDetector();
}

/** Whether this browser can open a camera at all. */
export function cameraAvailable() {
  return Boolean(navigator.mediaDevices?.getUserMedia);
}

/**
 * The « Scanner le QR code » block, or null when the browser has no camera API.
 * onScan(rawValue) is called with each QR code read; it returns true when it is a voucher's
 * (the camera then stops), false to keep looking.
 * @param {{ idPrefix: string, onScan: (raw: string) => boolean, context: object }} options
 */
export function qrScanner({ idPrefix, onScan, context }) {
  if (!cameraAvailable()) return null;
  const status = h('p', { class: 'scanner__statut', role: 'status' });
  const video = h('video', { class: 'scanner__video', muted: true, playsinline: true, 'aria-label': 'Image de la caméra', tabindex: '-1' });
  video.muted = true;
  const stopButton = h('button', { type: 'button', class: 'bouton bouton--secondaire' }, 'Arrêter la caméra');
  const panel = h('div', { class: 'scanner__panneau', hidden: true }, video, stopButton);
  const start = h('button', { type: 'button', class: 'bouton bouton--secondaire', 'aria-controls': `${idPrefix}-scanner` }, 'Scanner le QR code');
  const section = h('div', { class: 'scanner', id: `${idPrefix}-scanner` },
    h('p', {}, start, ' ', h('span', { class: 'champ__aide' }, 'avec la caméra de cet appareil')),
    panel, status);

  let stream = null;
  let timer = null;
  let busy = false;
  const stop = (message) => {
    window.clearInterval(timer);
    timer = null;
    stream?.getTracks().forEach((track) => track.stop());
    stream = null;
    video.srcObject = null;
    panel.hidden = true;
    start.hidden = false;
    if (message !== undefined) status.textContent = message;
  };
  context.signal.addEventListener('abort', () => stop());

  start.addEventListener('click', async () => {
    if (stream) return;
    status.textContent = 'Ouverture de la caméra…';
    const decode = await frameDecoder();
    if (!decode) {
      stop('La lecture des QR codes n’est pas disponible sur cet appareil : saisissez le code.');
      return;
    }
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
    } catch (error) {
      stop(error?.name === 'NotAllowedError'
        ? 'La caméra n’est pas autorisée : autorisez-la dans votre navigateur, ou saisissez le code.'
        : 'La caméra n’a pas pu s’ouvrir : saisissez le code.');
      return;
    }
    if (context.signal.aborted) {
      stop();
      return;
    }
    video.srcObject = stream;
    panel.hidden = false;
    start.hidden = true;
    try { await video.play(); } catch { /* some browsers start on their own */ }
    status.textContent = 'Présentez le QR code du bon devant la caméra.';
    stopButton.focus();
    timer = window.setInterval(async () => {
      if (busy || !stream) return;
      busy = true;
      try {
        const values = await decode(video);
        for (const value of values) {
          if (onScan(value)) {
            stop('QR code lu.');
            return;
          }
        }
        if (values.length) status.textContent = 'Ce QR code n’est pas celui d’un bon Passerelle.';
      } catch {
        // A frame that cannot be read: try the next one.
      } finally {
        busy = false;
      }
    }, 250);
  });
  stopButton.addEventListener('click', () => {
    stop('Caméra arrêtée.');
    start.focus();
  });
  return section;
}
