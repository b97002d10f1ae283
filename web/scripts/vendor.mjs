// Copies the browser libraries the site loads itself from node_modules (installed by `npm ci`
// at the versions of package-lock.json) into assets/vendor/, with their licences. The site has
// no bundler: a page loads such a file only when it needs it. assets/vendor/ is not committed.
//
//   npm run vendor      (the web module's Maven build runs it after npm ci)

import { mkdir, copyFile, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const web = fileURLToPath(new URL('../', import.meta.url));

/** package → the files the site needs from it, and where they go under assets/vendor/. */
const LIBRARIES = [
  // jsQR: reads QR codes from camera frames where the browser has no BarcodeDetector (scanner.js).
  { name: 'jsqr', files: ['dist/jsQR.js', 'LICENSE'], into: 'jsqr' },
];

for (const library of LIBRARIES) {
  const from = `${web}node_modules/${library.name}/`;
  const to = `${web}assets/vendor/${library.into}/`;
  const { version, license } = JSON.parse(await readFile(`${from}package.json`, 'utf8'));
  await mkdir(to, { recursive: true });
  for (const file of library.files) await copyFile(`${from}${file}`, `${to}${file.split('/').pop()}`);
  await writeFile(`${to}VERSION`, `${library.name} ${version} (${license}), copied from node_modules by scripts/vendor.mjs\n`);
  console.log(`vendor: ${library.name} ${version} → assets/vendor/${library.into}/`);
}
