//! A signature pad: finger, stylus or mouse draw strokes, which can be cleared and redrawn.

use leptos::html::Canvas;
use leptos::prelude::*;
use shared::attestation::Signature;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, PointerEvent};

use crate::context::I18n;

/// The pad's height in CSS pixels; its width follows the screen.
const HEIGHT: u32 = 180;

/// Draws a signature and hands it over when the signer confirms it.
#[component]
pub fn SignaturePad(
    /// Called with the drawn signature when the signer confirms it.
    on_sign: Callback<Signature>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let canvas = NodeRef::<Canvas>::new();
    let strokes = RwSignal::new(Vec::<Vec<[u16; 2]>>::new());
    let drawing = RwSignal::new(false);
    let points = move || strokes.with(|s| s.iter().map(Vec::len).sum::<usize>());

    let context = move || -> Option<CanvasRenderingContext2d> {
        canvas.get()?.get_context("2d").ok()??.dyn_into().ok()
    };
    // The drawing surface matches the pad's size on screen, so a point is where the finger is.
    Effect::new(move |_| {
        if let Some(c) = canvas.get() {
            c.set_width(c.client_width().max(1) as u32);
            c.set_height(HEIGHT);
        }
    });
    // A finger held on the pad keeps drawing when it slips past its edge (or the page
    // moves under it): such points lie on the edge, so the signature stays inside the pad.
    let point = move |ev: &PointerEvent| -> [u16; 2] {
        let (w, h) = canvas.get_untracked().map_or((1, 1), |c| {
            (c.client_width().max(1), c.client_height().max(1))
        });
        let clamp = |v: i32, max: i32| v.clamp(0, max.min(i32::from(u16::MAX))) as u16;
        [clamp(ev.offset_x(), w), clamp(ev.offset_y(), h)]
    };
    let down = move |ev: PointerEvent| {
        ev.prevent_default();
        if let Some(c) = canvas.get() {
            let _ = c.set_pointer_capture(ev.pointer_id());
            // The pad may have been sized before it was laid out (a slow tablet): before
            // the first stroke, its surface takes the size it has on screen now.
            let shown = c.client_width().max(1) as u32;
            if strokes.with_untracked(Vec::is_empty) && c.width() != shown {
                c.set_width(shown);
                c.set_height(HEIGHT);
            }
        }
        drawing.set(true);
        let p = point(&ev);
        strokes.update(|s| s.push(vec![p]));
        if let Some(ctx) = context() {
            ctx.set_line_width(2.5);
            ctx.set_line_cap("round");
            ctx.set_line_join("round");
            ctx.set_stroke_style_str("#10243f");
            ctx.begin_path();
            ctx.move_to(f64::from(p[0]), f64::from(p[1]));
        }
    };
    let moved = move |ev: PointerEvent| {
        if !drawing.get_untracked() {
            return;
        }
        ev.prevent_default();
        let p = point(&ev);
        let room = points() < Signature::MAX_POINTS;
        if room {
            strokes.update(|s| {
                if let Some(last) = s.last_mut() {
                    last.push(p);
                }
            });
            if let Some(ctx) = context() {
                ctx.line_to(f64::from(p[0]), f64::from(p[1]));
                ctx.stroke();
            }
        }
    };
    let up = move |_: PointerEvent| drawing.set(false);
    let clear = move |_| {
        strokes.set(Vec::new());
        if let (Some(ctx), Some(c)) = (context(), canvas.get()) {
            ctx.clear_rect(0.0, 0.0, f64::from(c.width()), f64::from(c.height()));
        }
    };
    let confirm = move |_| {
        let Some(c) = canvas.get() else { return };
        // Points are where the pointer was on the pad as shown, so the pad's size on
        // screen is the signature's, whatever its drawing surface measures.
        let shown = |v: i32| v.clamp(1, i32::from(u16::MAX)) as u16;
        let signature = Signature {
            width: shown(c.client_width()),
            height: shown(c.client_height()),
            strokes: strokes.get_untracked(),
        };
        on_sign.run(signature);
    };
    view! {
        <div class="signature">
            <canvas node_ref=canvas class="signature-pad" role="img"
                aria-label=move || t("لوحة التوقيع: وقّع هنا بإصبعك أو بالقلم", "Signature pad: sign here with a finger or a pen")
                on:pointerdown=down on:pointermove=moved on:pointerup=up on:pointercancel=up
                on:pointerleave=up></canvas>
            <div class="actions">
                <button type="button" on:click=clear disabled=move || points() == 0>
                    {move || t("مسح وإعادة التوقيع", "Clear and sign again")}
                </button>
                <button type="button" class="primary" on:click=confirm
                    disabled=move || points() < Signature::MIN_POINTS>
                    {move || t("اعتماد التوقيع", "Confirm the signature")}
                </button>
            </div>
        </div>
    }
}

/// A kept signature, drawn from its strokes.
#[component]
pub fn SignatureView(signature: Signature) -> impl IntoView {
    let view_box = format!("0 0 {} {}", signature.width, signature.height);
    view! {
        <svg class="signature-view" viewBox=view_box role="img" aria-label="التوقيع">
            <path d=signature.svg_path() fill="none" stroke="#10243f" stroke-width="2.5"
                stroke-linecap="round" stroke-linejoin="round"/>
        </svg>
    }
}
