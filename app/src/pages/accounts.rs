//! The head office's accounts page: find accounts, open staff accounts, change a role, an outreach point or whether an account may sign in, and set a new password. Online only: every answer is the server's.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::accounts::{Account, AccountChange, NewAccount, PasswordReset};
use shared::case::OutreachPoint;
use shared::validation::{Field, FieldError};
use shared::Role;

use crate::api::{self, ApiError};
use crate::components::field::{error_of, SelectField, TextField};
use crate::components::loaded::Loaded;
use crate::context::I18n;
use crate::i18n::Locale;

/// The staff roles an account can be given.
const STAFF: [Role; 4] = [
    Role::Officer,
    Role::Researcher,
    Role::Committee,
    Role::HeadOffice,
];

/// What went wrong with a call, in words; field errors go to their fields instead.
fn problem(l: Locale, e: &ApiError) -> &'static str {
    match e {
        ApiError::Invalid(_) => l.pick("راجع الحقول المعلَّمة.", "Check the marked fields."),
        other => crate::components::loaded::problem(l, other),
    }
}

fn role_options(l: Locale, roles: &[Role]) -> Vec<(String, String)> {
    roles
        .iter()
        .map(|r| (r.code().to_owned(), l.role(*r).to_owned()))
        .collect()
}

fn point_options(l: Locale, points: &[OutreachPoint]) -> Vec<(String, String)> {
    points.iter().map(|p| (p.id.clone(), l.point(p))).collect()
}

/// The accounts page: found, opened and changed.
#[component]
pub fn AccountsPage() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let query = RwSignal::new(String::new());
    let points = RwSignal::new(Vec::<OutreachPoint>::new());
    // What was last searched for: the list follows a search sent, not each letter typed.
    let searched = RwSignal::new(String::new());
    let found = LocalResource::new(move || {
        let q = searched.get();
        async move { api::accounts(&q).await }
    });
    let reload = Callback::new(move |()| found.refetch());
    spawn_local(async move {
        if let Ok(all) = api::outreach_points().await {
            points.set(all);
        }
    });
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let q = query.get_untracked();
        if searched.get_untracked() == q {
            found.refetch();
        } else {
            searched.set(q);
        }
    };
    view! {
        <section class="page accounts">
            <h1>{move || t("حسابات المستخدمين", "User accounts")}</h1>
            <p class="hint">{move || t(
                "تُدار الحسابات على الخادم مباشرة، فتحتاج هذه الصفحة إلى اتصال. كل تغيير هنا يُسجَّل، وإيقاف حساب أو تغيير دوره أو كلمة مروره ينهي جلساته في الحال.",
                "Accounts are managed on the server itself, so this page needs a connection. Every change here is logged, and disabling an account or changing its role or password ends its sessions at once.",
            )}</p>
            <NewAccountForm points=points on_created=reload/>
            <crate::components::release_id::ReleaseId/>
            <crate::components::confirm_identity::ConfirmIdentity/>
            <crate::pages::erasures::ErasureRequests/>
            <form class="search" role="search" on:submit=search>
                <label for="account-search">{move || t("بحث بالاسم أو اسم المستخدم أو رقم الهوية", "Search by name, user name or ID")}</label>
                <div class="search-row">
                    <input id="account-search" type="search" dir="auto"
                        prop:value=move || query.get()
                        on:input=move |ev| query.set(event_target_value(&ev))/>
                    <button type="submit">{move || t("بحث", "Search")}</button>
                </div>
                <p class="hint">{move || t("دون بحث تظهر حسابات الموظفين؛ يُعثر على حساب مقدم الطلب برقم هويته.", "Without a search, staff accounts show; an applicant's account is found by their ID.")}</p>
            </form>
            <Loaded from=found let:list>
                {if list.is_empty() {
                    view! { <p class="empty">{t("لا حسابات تطابق البحث.", "No account matches.")}</p> }.into_any()
                } else {
                    view! {
                        <ul class="accounts-list">
                            {list.into_iter().map(|a| view! { <AccountItem account=a points=points on_changed=reload/> }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </Loaded>
        </section>
    }
    .into_any()
}

/// The form that opens a staff account.
#[component]
fn NewAccountForm(points: RwSignal<Vec<OutreachPoint>>, on_created: Callback<()>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let username = RwSignal::new(String::new());
    let display = RwSignal::new(String::new());
    let role = RwSignal::new(String::new());
    let point = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let tried = RwSignal::new(false);
    let outcome = RwSignal::new(None::<Result<String, &'static str>>);
    let busy = RwSignal::new(false);
    let body = move || NewAccount {
        username: username.get_untracked(),
        display_name: display.get_untracked(),
        role: role.get_untracked(),
        outreach_point: point.get_untracked(),
        password: password.get_untracked(),
    };
    // The shared rules check as the head office types, once it tried to save.
    Effect::new(move |_| {
        let _ = (
            username.get(),
            display.get(),
            role.get(),
            point.get(),
            password.get(),
        );
        if tried.get_untracked() {
            errors.set(body().check().err().unwrap_or_default());
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        let new = body();
        if let Err(found) = new.check() {
            errors.set(found);
            return;
        }
        busy.set(true);
        spawn_local(async move {
            let answer = api::create_account(&new).await;
            busy.set(false);
            match answer {
                Ok(account) => {
                    for field in [username, display, role, point, password] {
                        field.set(String::new());
                    }
                    tried.set(false);
                    errors.set(Vec::new());
                    outcome.set(Some(Ok(account.username)));
                    on_created.run(());
                }
                Err(ApiError::Invalid(found)) => {
                    errors.set(found);
                    outcome.set(Some(Err(problem(
                        i18n.0.get_untracked(),
                        &ApiError::Invalid(Vec::new()),
                    ))));
                }
                Err(e) => outcome.set(Some(Err(problem(i18n.0.get_untracked(), &e)))),
            }
        });
    };
    let officer = move || Role::from_code(&role.get()).is_some_and(Role::works_at_point);
    view! {
        <form class="panel account-new" aria-labelledby="account-new-title" novalidate on:submit=submit>
            <h2 id="account-new-title">{move || t("حساب موظف جديد", "New staff account")}</h2>
            <TextField id="new-username" label=("اسم المستخدم", "User name") dir="ltr"
                value=username on_input=move |v| username.set(v)
                error=error_of(errors, Field::Username) show=Signal::derive(move || tried.get())
                placeholder="officer.baish" autocomplete="off"/>
            <TextField id="new-display" label=("الاسم الظاهر", "Name shown")
                value=display on_input=move |v| display.set(v)
                error=error_of(errors, Field::DisplayName) show=Signal::derive(move || tried.get())/>
            <SelectField id="new-role" label=("الدور", "Role")
                value=role on_input=move |v| role.set(v)
                options=Signal::derive(move || role_options(i18n.get(), &STAFF))
                error=error_of(errors, Field::Role) show=Signal::derive(move || tried.get())/>
            <Show when=officer>
                <SelectField id="new-point" label=("نقطة الاستقبال", "Outreach point")
                    value=point on_input=move |v| point.set(v)
                    options=Signal::derive(move || point_options(i18n.get(), &points.get()))
                    error=error_of(errors, Field::OutreachPoint) show=Signal::derive(move || tried.get())/>
            </Show>
            <TextField id="new-password" label=("كلمة المرور الأولى", "First password") input_type="password"
                value=password on_input=move |v| password.set(v)
                error=error_of(errors, Field::Password) show=Signal::derive(move || tried.get())
                autocomplete="new-password" dir="ltr"/>
            <p class="hint">{move || t(
                "عشرة أحرف على الأقل، لا تحوي اسم المستخدم ولا تكون من كلمات المرور الشائعة. سلّمها للموظف ليغيّرها من صفحة «كلمة المرور».",
                "At least ten characters, not holding the user name and not a common password. Hand it over for the user to change on the «Password» page.",
            )}</p>
            <div class="actions">
                <button type="submit" class="primary" disabled=move || busy.get()>{move || t("فتح الحساب", "Open the account")}</button>
            </div>
            {move || outcome.get().map(|o| match o {
                Ok(name) => view! { <p class="done" role="status">{format!("{} {name}", t("فُتح الحساب:", "Account opened:"))}</p> }.into_any(),
                Err(p) => view! { <p class="form-error" role="alert">{p}</p> }.into_any(),
            })}
        </form>
    }
}

/// One account: what it is, and for the head office, its change and password forms.
#[component]
fn AccountItem(
    account: Account,
    points: RwSignal<Vec<OutreachPoint>>,
    on_changed: Callback<()>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let open = RwSignal::new(false);
    let shown = account.clone();
    let point_name = move || shown.outreach_point.as_ref().map(|p| i18n.get().point(p));
    let last = account.last_sign_in;
    let (name, username, role, active) = (
        account.display_name.clone(),
        account.username.clone(),
        account.role,
        account.active,
    );
    let (label, key) = (name.clone(), username.clone());
    view! {
        <li class="account" class:disabled=!active aria-label=label data-username=key>
            <div class="account-head">
                <strong>{name}</strong>
                <span class="account-username" dir="ltr">{username}</span>
                <span class="badge">{move || i18n.get().role(role)}</span>
                {move || point_name().map(|p| view! { <span class="account-point">{p}</span> })}
                {(!active).then(|| view! { <span class="badge danger">{move || t("موقوف", "Disabled")}</span> })}
            </div>
            <p class="hint">{move || match last {
                Some(at) => format!("{} {}", t("آخر دخول:", "Last sign-in:"), i18n.get().datetime(at)),
                None => t("لم يسجّل الدخول بعد", "Never signed in").to_owned(),
            }}</p>
            <button type="button" class="link" aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)>
                {move || if open.get() { t("إغلاق", "Close") } else { t("تعديل", "Edit") }}
            </button>
            <Show when=move || open.get()>
                <AccountChangeForm account=account.clone() points=points on_changed=on_changed/>
                <PasswordResetForm account=account.clone()/>
            </Show>
        </li>
    }
}

/// Changes an account's name, role, outreach point and whether it may sign in.
#[component]
fn AccountChangeForm(
    account: Account,
    points: RwSignal<Vec<OutreachPoint>>,
    on_changed: Callback<()>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let applicant = !account.role.is_staff();
    let display = RwSignal::new(account.display_name.clone());
    let role = RwSignal::new(account.role.code().to_owned());
    let point = RwSignal::new(account.outreach_point.map(|p| p.id).unwrap_or_default());
    let active = RwSignal::new(account.active);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let outcome = RwSignal::new(None::<Result<(), &'static str>>);
    let busy = RwSignal::new(false);
    let id = account.id;
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let change = AccountChange {
            display_name: display.get_untracked(),
            role: role.get_untracked(),
            outreach_point: point.get_untracked(),
            active: active.get_untracked(),
        };
        if let Err(found) = change.check(applicant) {
            errors.set(found);
            return;
        }
        errors.set(Vec::new());
        busy.set(true);
        spawn_local(async move {
            let answer = api::change_account(id, &change).await;
            busy.set(false);
            match answer {
                Ok(_) => {
                    outcome.set(Some(Ok(())));
                    on_changed.run(());
                }
                Err(ApiError::Invalid(found)) => {
                    errors.set(found);
                    outcome.set(Some(Err(problem(
                        i18n.0.get_untracked(),
                        &ApiError::Invalid(Vec::new()),
                    ))));
                }
                Err(e) => outcome.set(Some(Err(problem(i18n.0.get_untracked(), &e)))),
            }
        });
    };
    let roles: &'static [Role] = if applicant {
        &[Role::Applicant]
    } else {
        &STAFF
    };
    let placed =
        move || applicant || Role::from_code(&role.get()).is_some_and(Role::works_at_point);
    let prefix = format!("account-{id}");
    let active_id = format!("{prefix}-active");
    view! {
        <form class="account-change" aria-label=move || t("تعديل الحساب", "Change the account") novalidate on:submit=save>
            <TextField id=format!("{prefix}-display") label=("الاسم الظاهر", "Name shown")
                value=display on_input=move |v| display.set(v)
                error=error_of(errors, Field::DisplayName) show=Signal::derive(|| true)/>
            <SelectField id=format!("{prefix}-role") label=("الدور", "Role")
                value=role on_input=move |v| role.set(v)
                options=Signal::derive(move || role_options(i18n.get(), roles))
                error=error_of(errors, Field::Role) show=Signal::derive(|| true)/>
            <Show when=placed>
                <SelectField id=format!("{prefix}-point") label=("نقطة الاستقبال", "Outreach point")
                    value=point on_input=move |v| point.set(v)
                    options=Signal::derive(move || point_options(i18n.get(), &points.get()))
                    error=error_of(errors, Field::OutreachPoint) show=Signal::derive(|| true)/>
            </Show>
            <div class="field check" class:invalid=move || error_of(errors, Field::Active).get().is_some()>
                <label for=active_id.clone()>
                    <input id=active_id.clone() type="checkbox" prop:checked=move || active.get()
                        on:change=move |ev| active.set(event_target_checked(&ev))/>
                    {move || t("الحساب مفعّل ويمكنه تسجيل الدخول", "The account is active and may sign in")}
                </label>
                <p class="field-error" aria-live="polite">
                    {move || error_of(errors, Field::Active).get().map(|e| i18n.get().error(&e))}
                </p>
            </div>
            <div class="actions">
                <button type="submit" class="primary" disabled=move || busy.get()>{move || t("حفظ التعديل", "Save the change")}</button>
            </div>
            {move || outcome.get().map(|o| match o {
                Ok(()) => view! { <p class="done" role="status">{t("حُفظ التعديل.", "Saved.")}</p> }.into_any(),
                Err(p) => view! { <p class="form-error" role="alert">{p}</p> }.into_any(),
            })}
        </form>
    }
}

/// Sets a new password for an account.
#[component]
fn PasswordResetForm(account: Account) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let password = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let outcome = RwSignal::new(None::<Result<(), &'static str>>);
    let busy = RwSignal::new(false);
    let (id, username, role) = (account.id, account.username.clone(), account.role);
    let set = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let new = password.get_untracked();
        if let Some(code) = shared::accounts::password_problem(&new, &username, role) {
            errors.set(vec![FieldError {
                field: Field::Password,
                index: None,
                code,
            }]);
            return;
        }
        errors.set(Vec::new());
        busy.set(true);
        spawn_local(async move {
            let answer = api::reset_password(id, &PasswordReset { password: new }).await;
            busy.set(false);
            match answer {
                Ok(()) => {
                    password.set(String::new());
                    outcome.set(Some(Ok(())));
                }
                Err(ApiError::Invalid(found)) => errors.set(found),
                Err(e) => outcome.set(Some(Err(problem(i18n.0.get_untracked(), &e)))),
            }
        });
    };
    view! {
        <form class="password-reset" aria-label=move || t("كلمة مرور جديدة", "New password") novalidate on:submit=set>
            <TextField id=format!("account-{id}-password") label=("كلمة مرور جديدة", "New password")
                input_type="password" dir="ltr" autocomplete="new-password"
                value=password on_input=move |v| password.set(v)
                error=error_of(errors, Field::Password) show=Signal::derive(|| true)/>
            <div class="actions">
                <button type="submit" disabled=move || busy.get()>{move || t("تعيين كلمة المرور", "Set the password")}</button>
            </div>
            {move || outcome.get().map(|o| match o {
                Ok(()) => view! { <p class="done" role="status">{t("عُيّنت كلمة المرور، وانتهت جلسات الحساب المفتوحة.", "The password is set, and the account's open sessions have ended.")}</p> }.into_any(),
                Err(p) => view! { <p class="form-error" role="alert">{p}</p> }.into_any(),
            })}
        </form>
    }
}
