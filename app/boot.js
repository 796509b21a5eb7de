// Loads the app. A file of its own, not an inline script, so the page's security policy
// can forbid inline scripts altogether.
import init from '/app.js';

init({ module_or_path: '/app_bg.wasm' });
