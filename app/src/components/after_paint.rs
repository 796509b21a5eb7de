//! Content drawn just after the next paint, so a tap is answered on screen first.

use leptos::prelude::*;

/// Draws its children just after the browser next paints. A step's fields below its first
/// few go here: the tap that opened the step shows the step at once, and the rest of it
/// follows a frame later instead of holding that frame up on a slow tablet.
#[component]
pub fn AfterPaint(children: ChildrenFn) -> impl IntoView {
    let ready = RwSignal::new(false);
    // A frame's callback runs before its paint; a task queued from it runs after.
    request_animation_frame(move || {
        set_timeout(
            move || {
                let _ = ready.try_set(true);
            },
            std::time::Duration::ZERO,
        );
    });
    move || ready.get().then(|| children())
}
