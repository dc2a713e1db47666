// Light or dark: <trouve-search> takes the host page's scheme. In order:
// its own `theme` attribute (light, dark, auto = the system's), a theme
// class or attribute on an ancestor (.dark, [data-theme=dark], Bootstrap's
// [data-bs-theme]), both in trouve.css; then the page's declared
// `color-scheme` (CSS or <meta name=color-scheme>), which the element
// inherits. A page that declares none is looked at: dark when the
// background behind the element is dark (a site with its own dark styles,
// switched by a media query or a class of its own), light otherwise — never
// dark just because the system is, on a page that stays light.

/** Ancestors that set a theme (trouve.css follows them too, before this script runs). */
const THEMED = '.dark, .light, [data-theme=dark], [data-theme=light], [data-bs-theme], [data-color-scheme]';
const DARK = '.dark, [data-theme=dark], [data-bs-theme=dark], [data-color-scheme=dark]';

const darkSystem = matchMedia('(prefers-color-scheme: dark)');

/** Relative luminance of "rgb(r, g, b[, a])", or null when mostly transparent. */
function luminance(color) {
  const channels = color.match(/[\d.]+/g)?.map(Number);
  if (!channels || channels.length < 3 || (channels.length > 3 && channels[3] < 0.5)) return null;
  const linear = channels.slice(0, 3).map((c) => {
    const v = c / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2];
}

/** "dark" when the first opaque background behind `node` is dark; the canvas of an undeclared page is white. */
function backgroundScheme(node) {
  for (let at = node; at; at = at.parentElement) {
    const lum = luminance(getComputedStyle(at).backgroundColor);
    if (lum !== null) return lum < 0.2 ? 'dark' : 'light';
  }
  return 'light';
}

/** The scheme `host` must force on `inner`, or null when CSS already follows the page. */
function forcedScheme(host) {
  if (host.hasAttribute('theme')) return null;
  // The nearest ancestor's theme, where CSS alone lets the later rule win.
  const themed = host.parentElement?.closest(THEMED);
  if (themed) return themed.matches(DARK) ? 'dark' : 'light';
  const declared = getComputedStyle(host).colorScheme;
  if (declared && declared !== 'normal') return null;
  const meta = document.querySelector('meta[name=color-scheme]')?.content ?? '';
  if (/\bdark\b/.test(meta)) return /\blight\b/.test(meta) && !darkSystem.matches ? 'light' : 'dark';
  if (/\blight\b/.test(meta)) return 'light';
  return backgroundScheme(host.parentElement);
}

/** The system's scheme, whose changes an element follows while connected. */
export const systemScheme = darkSystem;

/** Sets `inner`'s scheme to follow `host`'s page (again after any change). */
export function applyScheme(host, inner) {
  const scheme = forcedScheme(host);
  if (scheme) inner.dataset.scheme = scheme;
  else delete inner.dataset.scheme;
}
