//! The support request form (طلب دعم مستفيد): its steps, what each still misses, and the
//! draft saved to the device on every change.

mod actions;
mod applicant;
mod attestation;
mod blockers;
mod conflicts;
mod decide;
mod documents;
mod duplicates;
mod editor;
mod followup;
mod history;
mod household;
mod housing;
mod income;
mod messages;
mod referrals;
pub mod summary;
mod support;
mod visit;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use leptos_router::NavigateOptions;
use shared::life::apply;
use shared::life::mutation::{Mutation, Op};
use shared::request::Step;
use shared::{Area, CaseId, RequestForm, Vocabulary};

use crate::components::after_paint::AfterPaint;
use crate::components::read_failed::{NotOnDevice, ReadFailed};
use crate::context::{I18n, Session};
use crate::device;
use crate::i18n::Locale;
use crate::store::writer::{self, SaveState};
use crate::store::{local, LocalCase, StoreError};
use crate::sync::{self, SyncState};
pub use editor::Editor;

/// The steps of the form this page shows, in order.
pub const STEPS: &[Step] = &[
    Step::Applicant,
    Step::Household,
    Step::Income,
    Step::Housing,
    Step::Support,
    Step::Documents,
    Step::Attestation,
];

/// `/cases/new`: opens a new request in memory, with the reference number it will take,
/// and moves to its first step. Its first change writes it to the device: a request opened
/// and left leaves no draft behind and uses no number.
#[component]
pub fn NewRequestPage() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let session = expect_context::<Session>();
    let navigate = use_navigate();
    let problem = RwSignal::new(None::<&'static str>);
    spawn_local(async move {
        let Some(me) = session.me.get_untracked() else {
            return;
        };
        match new_draft(&me).await {
            Ok(id) => navigate(
                &format!("/cases/{id}/{}", Step::Applicant.code()),
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            ),
            Err(p) => problem.set(Some(p)),
        }
    });
    view! {
        <section class="page">
            {move || match problem.get() {
                None => view! { <p class="loading" aria-busy="true">"…"</p> }.into_any(),
                Some(p) => view! { <p class="form-error" role="alert">{move || i18n.get().pick(p, p)}</p> }.into_any(),
            }}
        </section>
    }
}

/// Makes a draft case in memory with the reference number this device will give next,
/// held until its first change. Returns its id, or why it could not.
async fn new_draft(me: &shared::api::Me) -> Result<CaseId, &'static str> {
    let storage = "تعذّر الحفظ على هذا الجهاز / Could not save on this device";
    let Some(reference) = local::coming_reference().await.map_err(|_| storage)? else {
        return Err(writer::NOT_NUMBERED);
    };
    let mut request = RequestForm::default();
    if me.role.reaches(Area::Reception) {
        // Most requests at an outreach point are taken face to face.
        request.channel = shared::Channel::InPerson.code().to_owned();
    }
    if me.role.has_own_file() {
        // What the account already holds is not asked again: its ID, and the mobile its
        // code proved.
        if shared::NationalId::parse(&me.username).is_ok() {
            request.applicant.national_id = me.username.clone();
        }
        request.applicant.mobile = me.mobile.clone().unwrap_or_default();
    }
    let mutation = Mutation {
        mutation_id: device::new_mutation_id(),
        case_id: device::new_case_id(),
        base_revision: 0,
        created_at: chrono::Utc::now(),
        op: Op::Create { reference, request },
    };
    let rules = sync::rules(mutation.created_at).await;
    let case = apply(None, &mutation, &me.actor(), &rules).map_err(|_| storage)?;
    writer::hold_new(LocalCase::new(case));
    Ok(mutation.case_id)
}

/// `/cases/:id/:step`: one step of a request, resumed from the device.
#[component]
pub fn RequestPage() -> impl IntoView {
    let params = use_params_map();
    let id =
        Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| id.parse::<CaseId>().ok())));
    // A failed read is not an absent request: it is said as such, with a way to retry.
    let loaded = LocalResource::new(move || async move {
        let Some(id) = id.get() else {
            return Ok(None);
        };
        Ok(match local::case(id).await? {
            Some(found) => Some(found),
            None => writer::unwritten(id),
        })
    });
    let retry = Callback::new(move |()| loaded.refetch());
    view! {
        <Suspense fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
            {move || Suspend::new(async move {
                match loaded.await {
                    Ok(Some(local)) => view! { <RequestEditor local=local/> }.into_any(),
                    Ok(None) => view! { <NotHere retry=move || loaded.refetch()/> }.into_any(),
                    Err::<_, StoreError>(error) => view! {
                        <section class="page">
                <ReadFailed what=("هذا الطلب", "this request") error=error retry=retry/>
            </section>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

/// A request the device does not hold (yet): opened from the head office's list on a
/// device whose first sync is still bringing it, or from an old link. It is read again
/// whenever the device's cases change, and called missing only once no sync is running.
#[component]
fn NotHere(retry: impl Fn() + 'static) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let state = expect_context::<SyncState>();
    let seen = state.data_version.get_untracked();
    Effect::new(move |_| {
        if state.data_version.get() != seen {
            retry();
        }
    });
    // A device that never synced is still bringing its cases, unless it has no network.
    let coming =
        move || state.syncing.get() || (state.last_synced.get().is_none() && state.online.get());
    view! {
        <section class="page">
            <Show
                when=coming
                fallback=move || view! { <NotOnDevice/> }
            >
                <p class="loading" aria-busy="true" role="status">
                    {move || i18n.get().pick("جارٍ جلب الطلب من الخادم…", "Bringing the request from the server…")}
                </p>
            </Show>
        </section>
    }
}

/// The form of one request: the steps, the current one, and the save state.
#[component]
fn RequestEditor(local: LocalCase) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let session = expect_context::<Session>();
    let params = use_params_map();
    let navigate = use_navigate();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let editor = Editor::new(local, session);
    provide_context(editor);
    // Leaving the request (for the list, another page or another request) ends its
    // typing: what was typed is sent now, not after typing's pause. Sent once the page
    // has changed, not while the router takes this one down.
    let sync_state = expect_context::<SyncState>();
    on_cleanup(move || spawn_local(async move { sync::send_typed(sync_state, session.me) }));

    let step = Memo::new(move |_| {
        params.with(|p| {
            p.get("step")
                .and_then(|s| Step::from_code(&s))
                .unwrap_or(Step::Applicant)
        })
    });
    let case_id = editor.case.with_untracked(|c| c.id);
    let go = move |to: Step| {
        editor.leave(step.get_untracked());
        navigate(
            &format!("/cases/{case_id}/{}", to.code()),
            NavigateOptions::default(),
        );
        // A new step starts at the top of the page, under the bar, not where the last ended.
        window().scroll_to_with_x_and_y(0.0, 0.0);
    };
    let step_to = {
        let go = go.clone();
        Callback::new(move |to: Step| go(to))
    };
    provide_context(StepTo(step_to));
    let position = move || STEPS.iter().position(|s| *s == step.get()).unwrap_or(0);
    let home = use_navigate();
    let discard = move |_| {
        let asked = t(
            "حذف هذه المسودة؟ لا يمكن التراجع عن ذلك.",
            "Throw this draft away? This cannot be undone.",
        );
        if window().confirm_with_message(asked).unwrap_or(false) {
            editor.act(Op::Discard, None);
            home("/", NavigateOptions::default());
        }
    };
    let draft =
        move || editor.editable() && editor.case.with(|c| c.status == shared::CaseStatus::Draft);
    // A memo, so that typing and syncing do not draw the list again (and close it).
    let show_blockers = Memo::new(move |_| {
        let begun = STEPS
            .iter()
            .any(|s| editor.was_left(*s) || editor.form.with(|f| s.answered(f)));
        editor.editable() && begun && step.get() != Step::Attestation
    });
    let prev = {
        let go = go.clone();
        move |_| {
            if let Some(s) = position().checked_sub(1).and_then(|i| STEPS.get(i)) {
                go(*s);
            }
        }
    };
    let next = {
        let go = go.clone();
        move |_| {
            if let Some(s) = STEPS.get(position() + 1) {
                go(*s);
            }
        }
    };
    // A new request shows the number it will take; it is taken at the first change.
    let reference = move || editor.case.with(|c| c.reference.to_string());
    let researcher = editor.role().answers_referrals();
    // A sync may bring a new status while the page is open.
    let status = move || editor.case.with(|c| c.status);
    let locked = move || !editor.editable();
    // The follow-up panel is drawn once the request is handed in and stays: redrawn on
    // every change of the case, it would empty the forms being typed in it.
    let handed_in = Memo::new(move |_| editor.case.with(|c| c.status) != shared::CaseStatus::Draft);

    view! {
        <section class="page request">
            <div class="page-head">
                <h1>{move || t("طلب دعم مستفيد", "Beneficiary support request")}</h1>
                <span class="reference" dir="ltr" title=move || t("الرقم المرجعي", "Reference number")>{reference}</span>
                <A href="/" attr:class="back">{move || t("كل الطلبات", "All requests")}</A>
                {editor.role().is_staff().then(|| view! {
                    <A href=format!("/cases/{case_id}/print") attr:class="print-link">{move || t("ملخص للطباعة", "Summary to print")}</A>
                })}
            </div>
            // A researcher opens a request for the question referred to them: it comes first,
            // not under the whole form.
            {researcher.then(|| view! { <referrals::ReferralsPanel/> })}
            <nav class="steps" aria-label=move || t("خطوات الطلب", "Steps of the request")>
                <ol>
                    {STEPS.iter().enumerate().map(|(i, s)| {
                        let s = *s;
                        let go = go.clone();
                        let missing = move || editor.missing_in(s);
                        // Done once answered (or left) with nothing missing: an untouched
                        // step with nothing wrong in it is not done.
                        let answered = move || editor.was_left(s) || editor.form.with(|f| s.answered(f));
                        let done = move || missing() == 0 && answered();
                        view! {
                            <li>
                                <button type="button" class="step" data-step=s.code()
                                    aria-current=move || (step.get() == s).then_some("step")
                                    on:click=move |_| go(s)>
                                    <span class="step-number">{i + 1}</span>
                                    <span class="step-name">{move || i18n.get().step(s)}</span>
                                    <span class="step-short" aria-hidden="true">{move || i18n.get().step_short(s)}</span>
                                    <span class="step-state" class:done=done class:untouched=move || missing() == 0 && !answered()>
                                        {move || match missing() {
                                            0 if answered() => "✓".to_owned(),
                                            0 => "–".to_owned(),
                                            n => n.to_string(),
                                        }}
                                    </span>
                                    <span class="visually-hidden">{move || match (i18n.get(), missing(), answered()) {
                                            (Locale::Ar, 0, true) => " مكتملة".to_owned(),
                                            (Locale::Ar, 0, false) => " لم تُملأ بعد".to_owned(),
                                            (Locale::Ar, n, _) => format!(" ينقصها {n}"),
                                            (Locale::En, 0, true) => " complete".to_owned(),
                                            (Locale::En, 0, false) => " not filled in yet".to_owned(),
                                            (Locale::En, n, _) => format!(" {n} still missing"),
                                        }}</span>
                                </button>
                            </li>
                        }
                    }).collect_view()}
                </ol>
                <p class="steps-key">{move || t(
                    "✓ خطوة مكتملة، والرقم الأصفر عدد ما ينقصها، و– خطوة لم تُملأ بعد.",
                    "✓ a step is complete; a yellow number is how much it still misses; – one not filled in yet.",
                )}</p>
            </nav>
            <blockers::SignatureNote step=step/>
            // Everything that stops the submission, from any step once the request is
            // begun; the last step shows it by its button.
            {move || show_blockers.get().then(|| view! { <blockers::Blockers go=step_to/> })}
            <conflicts::ConflictsPanel/>
            {move || handed_in.get().then(|| view! { <followup::FollowUpPanel/> })}
            {move || locked().then(|| view! {
                <p class="notice" role="status">
                    {move || format!("{} {}", t("لا يُعدَّل الطلب وهو في حالة:", "The request cannot be changed while it is:"), i18n.get().status(status()))}
                </p>
            })}
            <form class="case-form" novalidate on:submit=|ev| ev.prevent_default()>
                <fieldset class="step-body" disabled=move || {
                    // Files and checks against originals go on after submission; typing does not.
                    if step.get() == Step::Documents { !editor.editable_now() } else { locked() }
                }>
                    <legend>{move || i18n.get().step(step.get())}</legend>
                    // A new step's fields follow the tap's paint, each step in its own
                    // wrapper, so every move waits a frame, not only the first.
                    {move || { let s = step.get(); view! { <AfterPaint>{move || match s {
                        Step::Applicant => view! { <applicant::ApplicantStep/> }.into_any(),
                        Step::Household => view! { <household::HouseholdStep/> }.into_any(),
                        Step::Income => view! { <income::IncomeStep/> }.into_any(),
                        Step::Housing => view! { <housing::HousingStep/> }.into_any(),
                        Step::Support => view! { <support::SupportStep/> }.into_any(),
                        Step::Documents => view! { <documents::DocumentsStep/> }.into_any(),
                        Step::Attestation => view! { <attestation::AttestationStep/> }.into_any(),
                    }}</AfterPaint> } }}
                </fieldset>
                <MissingSummary step=step/>
                <div class="actions step-actions">
                    <button type="button" on:click=prev disabled=move || position() == 0>
                        {move || t("السابق", "Previous")}
                    </button>
                    <SaveIndicator/>
                    <button type="button" class="primary" on:click=next disabled=move || position() + 1 == STEPS.len()>
                        {move || t("التالي", "Next")}
                    </button>
                </div>
            </form>
            // Referrals are between the officer and the researchers (H3); the officer asks
            // them below the form.
            {(editor.role().is_staff() && !researcher).then(|| view! { <referrals::ReferralsPanel/> })}
            // Away from the form's own buttons, at its end: not one tap from typing.
            {move || draft().then(|| view! {
                <p class="discard-zone">
                    <button type="button" class="discard" on:click=discard.clone()>
                        {move || t("حذف المسودة", "Throw draft away")}
                    </button>
                </p>
            })}
        </section>
    }
}

/// Moves to a step of the request being edited, for the parts of a step that link to
/// another.
#[derive(Clone, Copy, Debug)]
pub struct StepTo(pub Callback<Step>);

/// What the current step still misses, once the step was left and came back to.
#[component]
fn MissingSummary(step: Memo<Step>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let editor = expect_context::<Editor>();
    move || {
        let s = step.get();
        let missing = editor.errors_in(s);
        (editor.was_left(s) && !missing.is_empty()).then(|| {
            let l = i18n.get();
            let items: Vec<String> = missing
                .iter()
                .map(|e| match e.index {
                    Some(i) => format!(
                        "{} ({} {}): {}",
                        l.field(e.field),
                        l.pick("الفرد", "member"),
                        i + 1,
                        l.error(&e.code)
                    ),
                    None => format!("{}: {}", l.field(e.field), l.error(&e.code)),
                })
                .collect();
            view! {
                <div class="missing" role="status">
                    <p>{l.pick("ما زال ناقصًا في هذه الخطوة:", "Still missing in this step:")}</p>
                    <ul>{items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ul>
                </div>
            }
        })
    }
}

/// Whether the draft is saved on the device.
#[component]
fn SaveIndicator() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let editor = expect_context::<Editor>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    view! {
        <span class="save-state" role="status"
            data-saved=move || matches!(editor.saved.get(), SaveState::Saved).to_string()
            data-failed=move || matches!(editor.saved.get(), SaveState::Full | SaveState::NotKept | SaveState::Failed(_)).to_string()>
            {move || match editor.saved.get() {
                SaveState::Saved => t("محفوظ على الجهاز", "Saved on this device").to_owned(),
                SaveState::Saving => t("جارٍ الحفظ…", "Saving…").to_owned(),
                SaveState::Full => i18n.get().storage(&crate::store::StoreError::Full).to_owned(),
                SaveState::NotKept => i18n.get().storage(&crate::store::StoreError::NotKept).to_owned(),
                SaveState::Failed(e) => format!("{} {e}", t("تعذّر الحفظ على الجهاز:", "Could not save on this device:")),
            }}
        </span>
    }
}

/// The values of a fixed list as a select's options, named in the current language.
pub fn choices<T: Vocabulary>(i18n: I18n) -> Signal<Vec<(String, String)>> {
    Signal::derive(move || {
        T::ALL
            .iter()
            .map(|v| (v.code().to_owned(), i18n.get().label(*v).to_owned()))
            .collect()
    })
}
