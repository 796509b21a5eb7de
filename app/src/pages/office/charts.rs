//! Charts drawn as SVG by the app, each bar a link to the list it counts, its number beside
//! it: readable without colour, and in either direction of writing.

use leptos::prelude::*;
use shared::reports::office::Count;

use crate::context::I18n;
use crate::i18n::Locale;

/// A count's name in the current language.
pub fn name(l: Locale, c: &Count) -> String {
    match l {
        Locale::Ar => c.name_ar.clone(),
        Locale::En => c.name_en.clone(),
    }
}

/// Horizontal bars, one row per count: its name, its bar, its number. `href` gives the
/// list behind a bar.
#[component]
pub fn BarChart(
    title: (&'static str, &'static str),
    counts: Vec<Count>,
    href: Callback<String, String>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let max = counts.iter().map(|c| c.n).max().unwrap_or(0).max(1);
    let label = move || i18n.get().pick(title.0, title.1);
    view! {
        <section class="chart" role="region" aria-label=label>
            <h2>{label}</h2>
            <ul class="bars">
                {counts.into_iter().map(|c| {
                    // Bars in hundredths of the longest, drawn in a 100-wide box.
                    let width = (c.n as f64 / max as f64 * 100.0).max(if c.n > 0 { 1.0 } else { 0.0 });
                    let link = href.run(c.key.clone());
                    let n = c.n;
                    let key = c.key.clone();
                    view! {
                        <li>
                            // The link reads as it shows: the name, then the count.
                            <a class="bar-row" href=link data-key=key>
                                <span class="bar-name">{let c = c.clone(); move || name(i18n.get(), &c)}</span>
                                <svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">
                                    <rect class="bar-track" x="0" y="0" width="100" height="10"/>
                                    <rect class="bar-fill" x=move || if i18n.get() == Locale::Ar { 100.0 - width } else { 0.0 }
                                        y="0" width=width height="10"/>
                                </svg>
                                <span class="bar-n" dir="ltr">{n}</span>
                            </a>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}
