//! The researcher's field visit report (H3): the day, the findings, the recommendation,
//! photos and where the visit took place. Kept on the device as typed until it is saved.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::documents::{AttachmentRef, MediaType};
use shared::life::mutation::Op;
use shared::life::workflow::{Recommendation, Visit, VisitInput};
use shared::request::applicant::GeoPoint;
use shared::validation::{ErrorCode, Field, FieldError};
use shared::CaseStatus;

use super::actions::{today, Choice, Errors, Input, Text};
use super::documents::media_error;
use super::{choices, Editor};
use crate::components::location::LocationField;
use crate::components::thumb::Thumb;
use crate::context::I18n;
use crate::media::{self, MediaError};
use crate::store::attachments::StoredFile;
use crate::store::{local, meta, StoreError};

/// The report as it is being written.
#[derive(Clone, Copy)]
struct Draft {
    visited_on: RwSignal<String>,
    findings: RwSignal<String>,
    recommendation: RwSignal<String>,
    photos: RwSignal<Vec<AttachmentRef>>,
    location: RwSignal<Option<GeoPoint>>,
}

impl Draft {
    fn new(input: VisitInput) -> Self {
        Self {
            visited_on: RwSignal::new(input.visited_on),
            findings: RwSignal::new(input.findings),
            recommendation: RwSignal::new(input.recommendation),
            photos: RwSignal::new(input.photos),
            location: RwSignal::new(input.location),
        }
    }

    fn set(self, input: VisitInput) {
        self.visited_on.try_set(input.visited_on);
        self.findings.try_set(input.findings);
        self.recommendation.try_set(input.recommendation);
        self.photos.try_set(input.photos);
        self.location.try_set(input.location);
    }

    fn input_untracked(self) -> VisitInput {
        untrack(|| self.input())
    }

    /// The report as typed; tracked, so an effect reading it runs on every change.
    fn input(self) -> VisitInput {
        VisitInput {
            visited_on: self.visited_on.get(),
            findings: self.findings.get(),
            recommendation: self.recommendation.get(),
            photos: self.photos.get(),
            location: self.location.get(),
        }
    }
}

/// The report saved before, as a form to change.
fn as_input(visit: &Visit) -> VisitInput {
    VisitInput {
        visited_on: visit.visited_on.to_string(),
        findings: visit.findings.clone(),
        recommendation: shared::Vocabulary::code(visit.recommendation).to_owned(),
        photos: visit.photos.clone(),
        location: visit.location,
    }
}

/// The visit report form, and sending the case to the committee once a report is saved.
#[component]
pub fn ReportVisit() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let e = expect_context::<Editor>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let key = meta::visit_draft(e.case.with_untracked(|c| c.id));
    let saved = e.case.with_untracked(|c| {
        c.research
            .as_ref()
            .and_then(|r| r.visit.as_ref())
            .map(as_input)
    });
    let draft = Draft::new(saved.unwrap_or_else(|| VisitInput {
        visited_on: today().to_string(),
        ..VisitInput::default()
    }));
    // What was typed before the page closed comes back; only then is typing kept, and only
    // what differs from the form as it opened, so opening the form writes nothing.
    let loaded = RwSignal::new(false);
    let opened = StoredValue::new(draft.input_untracked());
    // Typing the device could not keep is said at once: it would be lost to a reload.
    let not_kept = RwSignal::new(None::<crate::store::StoreError>);
    spawn_local({
        let key = key.clone();
        async move {
            if let Ok(Some(kept)) = local::typed::<VisitInput>(&key).await {
                draft.set(kept);
            }
            loaded.try_set(true);
        }
    });
    Effect::new({
        let key = key.clone();
        move |_| {
            let input = draft.input();
            if !loaded.get() || opened.with_value(|o| *o == input) {
                return;
            }
            let key = key.clone();
            spawn_local(async move {
                let kept = local::keep_typed(&key, &input).await;
                not_kept.try_set(kept.err());
            });
        }
    });

    let errors = RwSignal::new(Vec::<FieldError>::new());
    let reported = Memo::new(move |_| {
        e.case
            .with(|c| c.research.as_ref().is_some_and(|r| r.visit.is_some()))
    });
    // When the report was last saved from this page, said beside the button.
    let saved_at = RwSignal::new(None::<chrono::DateTime<chrono::Utc>>);
    let save = move |_| {
        let visit = draft.input();
        match visit.check(today()) {
            Err(found) => {
                saved_at.set(None);
                errors.set(found);
            }
            Ok(_) => {
                errors.set(Vec::new());
                e.act(Op::ReportVisit { visit }, None);
                saved_at.set(Some(chrono::Utc::now()));
                let key = key.clone();
                spawn_local(async move {
                    let _ = local::forget_typed(&key).await;
                });
            }
        }
    };
    let send = move |_| {
        e.act(
            Op::Transition {
                to: CaseStatus::AtCommittee,
            },
            None,
        )
    };
    let location_error = Signal::derive(move || {
        errors.with(|list| {
            list.iter()
                .find(|e| e.field == Field::Location)
                .map(|e| e.code.clone())
        })
    });
    view! {
        <form class="action" aria-label=move || t("تقرير الزيارة الميدانية", "Field visit report")
            on:submit=|ev| ev.prevent_default()>
            <h3>{move || t("تقرير الزيارة الميدانية", "Field visit report")}</h3>
            <Input id="visit-date" label=("تاريخ الزيارة", "Date of the visit") value=draft.visited_on kind="date"/>
            <Text id="visit-findings" label=("نتائج الزيارة", "Findings") value=draft.findings/>
            <Choice id="visit-recommendation" label=("توصية الباحث", "Recommendation") value=draft.recommendation
                options={choices::<Recommendation>(i18n)}/>
            <VisitPhotos photos=draft.photos/>
            <LocationField label=("موقع الزيارة (اختياري)", "Where the visit took place (optional)")
                value=draft.location
                set=Callback::new(move |p| draft.location.set(p))
                error=location_error/>
            <Errors errors=errors/>
            {move || not_kept.get().map(|e| view! {
                <p class="form-error" role="alert">{i18n.get().storage(&e)}</p>
            })}
            <button type="button" on:click=save>{move || t("حفظ تقرير الزيارة", "Save the report")}</button>
            <p class="saved-note" role="status">{move || saved_at.get().map(|at| {
                let l = i18n.get();
                match l {
                    crate::i18n::Locale::Ar => format!(
                        "✓ حُفظ التقرير على هذا الجهاز ({})، ويصل إلى الخادم مع المزامنة.",
                        l.datetime(at)
                    ),
                    crate::i18n::Locale::En => format!(
                        "✓ The report is saved on this device ({}) and reaches the server with the sync.",
                        l.datetime(at)
                    ),
                }
            })}</p>
            <Show when=move || reported.get()>
                <button type="button" class="primary" on:click=send>
                    {move || t("إرسال إلى لجنة البحث", "Send to the research committee")}
                </button>
            </Show>
        </form>
    }
}

/// Why a photo was not added.
#[derive(Clone, Debug)]
enum Problem {
    Media(MediaError),
    TooMany,
    NotKept(StoreError),
}

/// The photos of the visit: taken with the camera or picked, downscaled and kept on the
/// device at once (they are uploaded with the next sync), removable until the report is
/// saved again.
#[component]
fn VisitPhotos(photos: RwSignal<Vec<AttachmentRef>>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let problem = RwSignal::new(None::<Problem>);
    let busy = RwSignal::new(false);
    let full = move || photos.with(|p| p.len() >= Visit::MAX_PHOTOS);
    let take = move |ev: leptos::ev::Event| {
        let files = media::picked(&ev);
        problem.set(None);
        busy.set(true);
        spawn_local(async move {
            for file in files {
                if photos.with_untracked(|p| p.len() >= Visit::MAX_PHOTOS) {
                    problem.try_set(Some(Problem::TooMany));
                    break;
                }
                let prepared = match media::prepare(&file).await {
                    Ok(p) if p.attachment.media_type == MediaType::Jpeg => p,
                    Ok(_) => {
                        problem.try_set(Some(Problem::Media(MediaError::Unsupported)));
                        continue;
                    }
                    Err(err) => {
                        problem.try_set(Some(Problem::Media(err)));
                        continue;
                    }
                };
                let stored = StoredFile {
                    attachment: prepared.attachment.clone(),
                    uploaded: false,
                    blob: prepared.blob,
                    thumb: prepared.thumb,
                };
                let kept = local::keep_file(&stored).await;
                match kept {
                    Ok(()) => {
                        photos.try_update(|p| {
                            if !p.iter().any(|a| a.sha256 == prepared.attachment.sha256) {
                                p.push(prepared.attachment);
                            }
                        });
                    }
                    Err(e) => {
                        problem.try_set(Some(Problem::NotKept(e)));
                    }
                }
            }
            busy.try_set(false);
        });
    };
    view! {
        <div class="field visit-photos" role="group" aria-label=move || t("صور الزيارة", "Photos of the visit")>
            <span class="label">{move || t("صور الزيارة (اختياري)", "Photos of the visit (optional)")}</span>
            <ul class="thumbs">
                {move || photos.get().into_iter().map(|a| {
                    let sha256 = a.sha256.clone();
                    let remove = Callback::new(move |()| photos.update(|p| p.retain(|x| x.sha256 != sha256)));
                    view! { <Thumb attachment=a remove=remove/> }
                }).collect_view()}
            </ul>
            <div class="actions">
                <label class="button">
                    {move || t("التقاط صورة", "Take a photo")}
                    <input type="file" class="visually-hidden" accept="image/*" capture="environment"
                        aria-label=move || t("التقاط صورة للزيارة", "Take a photo of the visit")
                        on:change=take disabled=move || busy.get() || full()/>
                </label>
                <label class="button">
                    {move || t("اختيار صور", "Pick photos")}
                    <input type="file" class="visually-hidden" accept="image/*" multiple
                        aria-label=move || t("اختيار صور للزيارة", "Pick photos of the visit")
                        on:change=take disabled=move || busy.get() || full()/>
                </label>
            </div>
            <p class="field-error" aria-live="polite">
                {move || busy.get().then(|| t("جارٍ تجهيز الصورة…", "Preparing the photo…").to_owned())}
                {move || problem.get().map(|p| {
                    let l = i18n.get();
                    match p {
                        Problem::Media(m) => media_error(l, &m),
                        Problem::TooMany => l.error(&ErrorCode::TooMany { max: Visit::MAX_PHOTOS }),
                        Problem::NotKept(e) => l.storage(&e).to_owned(),
                    }
                })}
            </p>
        </div>
    }
}
