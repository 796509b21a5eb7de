//! Starts the app in the browser.

fn main() {
    console_error_panic_hook_lite();
    app::device::request_persistent_storage();
    leptos::mount::mount_to_body(app::app::App);
}

/// Sends panics to the browser console, where staff support can see them.
fn console_error_panic_hook_lite() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&info.to_string().into());
    }));
}
