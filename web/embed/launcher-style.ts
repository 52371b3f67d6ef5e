// The launcher's styles, inside its shadow root: the bank's CSS cannot reach in, ours cannot leak out.
// Colours come in as custom properties (set through the CSSOM, which a strict CSP on the bank's page allows).
export const LAUNCHER_CSS = `
:host { all: initial; }
.button { position: fixed; bottom: 20px; z-index: 2147483000; display: inline-flex; align-items: center; gap: 8px;
  min-height: 48px; padding: 0 18px; border: 2px solid transparent; border-radius: 24px; cursor: pointer;
  font: 600 16px/1.2 system-ui, 'Apple SD Gothic Neo', 'Malgun Gothic', sans-serif;
  background: var(--ch-color); color: var(--ch-text); box-shadow: 0 4px 14px rgba(0, 0, 0, 0.25); }
.button:focus-visible, .close:focus-visible { outline: 3px solid var(--ch-focus); outline-offset: 3px; }
.button svg { width: 22px; height: 22px; fill: currentColor; }
.right { right: 20px; }
.left { left: 20px; }
.panel { position: fixed; bottom: 84px; z-index: 2147483001; display: flex; flex-direction: column;
  width: 400px; height: min(680px, calc(100vh - 110px)); background: #fff; border-radius: 12px; overflow: hidden;
  box-shadow: 0 10px 40px rgba(0, 0, 0, 0.3); font: 16px/1.3 system-ui, 'Apple SD Gothic Neo', 'Malgun Gothic', sans-serif; }
.panel[hidden] { display: none; }
.head { display: flex; align-items: center; justify-content: space-between; gap: 8px; padding: 4px 4px 4px 14px;
  background: var(--ch-color); color: var(--ch-text); }
.title { margin: 0; font-size: 16px; font-weight: 600; }
.close { min-width: 44px; min-height: 44px; border: none; border-radius: 8px; background: transparent; color: inherit;
  font: 600 15px/1 system-ui, sans-serif; cursor: pointer; display: inline-flex; align-items: center; gap: 4px; padding: 0 10px; }
.close span[aria-hidden] { font-size: 24px; }
iframe { flex: 1; width: 100%; border: 0; }
@media (max-width: 599.98px) {
  .panel { inset: 0; bottom: 0; width: 100%; height: 100%; border-radius: 0; }
}
@media (prefers-reduced-motion: no-preference) {
  .button { transition: transform 0.15s; }
  .button:hover { transform: translateY(-2px); }
}
`;
