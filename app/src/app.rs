//! The app's shell: shared state, the routes, and who may see them.

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use leptos_router::{path, Lazy, LazyRoute};
use shared::Area;

use crate::components::applicant_nav::ApplicantNav;
use crate::components::gate::{self, NotYours};
use crate::components::header::Header;
use crate::components::update_banner::UpdateBanner;
use crate::context::{I18n, Session};
use crate::device;
use crate::i18n::Locale;
use crate::pages::account::AccountPage;
use crate::pages::accounts::AccountsPage;
use crate::pages::case_print::CasePrintPage;
use crate::pages::committee::agenda::AgendaPage;
use crate::pages::committee::minutes::{MeetingsPage, MinutePage};
use crate::pages::devices::DevicesPage;
use crate::pages::feedback::FeedbackPage;
use crate::pages::forgot::ForgotPage;
use crate::pages::library::LibraryPage;
use crate::pages::login::LoginPage;
use crate::pages::my_data::MyDataPage;
use crate::pages::office::board::{BoardListPage, BoardPage};
use crate::pages::office::cases::OfficeCasesPage;
use crate::pages::office::dashboard::DashboardPage;
use crate::pages::office::duplicates::DuplicatesPage;
use crate::pages::office::messages::MessagesPage;
use crate::pages::password::PasswordPage;
use crate::pages::receipt::ReceiptPage;
use crate::pages::reception::ReceptionPage;
use crate::pages::register::RegisterPage;
use crate::pages::request::{NewRequestPage, RequestPage};
use crate::pages::setup::import::ImportPage;
use crate::pages::setup::SetupPage;
use crate::pages::start::HomePage;
use crate::store::{self, local, Store};
use crate::sync::{self, SyncState};
use crate::update::{self, NewBuild, PartMissing};

/// The local-storage key of the chosen language (a preference, not case data).
const LOCALE_KEY: &str = "brs.locale";

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    crate::i18n::digits::choose(LocalStorage::get(crate::i18n::digits::KEY).unwrap_or_default());
    let locale = RwSignal::new(LocalStorage::get::<Locale>(LOCALE_KEY).unwrap_or_default());
    Effect::new(move |_| {
        let l = locale.get();
        let _ = LocalStorage::set(LOCALE_KEY, l);
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", l.lang());
            let _ = html.set_attribute("dir", l.dir());
        }
    });
    let session = Session {
        me: RwSignal::new(None),
    };
    let state = SyncState::new();
    let ready = RwSignal::new(false);
    provide_context(I18n(locale));
    provide_context(session);
    provide_context(state);
    let new_build = NewBuild(RwSignal::new(false));
    provide_context(new_build);
    update::watch(new_build);

    // The user comes from the device first, so the app opens signed in with no network;
    // the server is asked afterwards whether the session still holds.
    spawn_local(async move {
        // A wipe asked for before the reload happens first, while no database is open.
        let _ = store::device::wipe_if_asked().await;
        if let Ok(me) = local::signed_in().await {
            Store::use_user(me.as_ref().map(|m| m.id));
            if me.is_some() {
                update::keep_all_offline();
            }
            session.me.set(me);
        }
        ready.set(true);
        sync::start(state, session.me);
    });

    view! {
        <Show when=move || ready.get()>
            <Router>
                <PasswordFirst/>
                <Header/>
                <UpdateBanner/>
                <main id="main">
                    // Nobody signed in: the sign-in and sign-up pages, and every other address
                    // leads to sign-in, before any page's part is fetched.
                    <Show when=move || session.me.get().is_some() fallback=|| view! {
                        <Routes fallback=|| view! { <GoTo path="/login"/> }>
                            <Route path=path!("/login") view=LoginPage/>
                            <Route path=path!("/register") view=RegisterPage/>
                            <Route path=path!("/forgot") view=ForgotPage/>
                        </Routes>
                    }>
                        <Routes fallback=|| view! { <GoTo path="/"/> }>
                            <Route path=path!("/login") view=LoginPage/>
                            <Route path=path!("/register") view=RegisterPage/>
                            <Route path=path!("/forgot") view=ForgotPage/>
                            <Route path=path!("/reception") view={Lazy::<ReceptionRoute>::new()}/>
                            <Route path=path!("/library") view={Lazy::<LibraryRoute>::new()}/>
                            <Route path=path!("/feedback") view={Lazy::<FeedbackRoute>::new()}/>
                            <Route path=path!("/accounts") view={Lazy::<AccountsRoute>::new()}/>
                            <Route path=path!("/devices") view={Lazy::<DevicesRoute>::new()}/>
                            <Route path=path!("/password") view={Lazy::<PasswordRoute>::new()}/>
                            <Route path=path!("/account") view={Lazy::<AccountRoute>::new()}/>
                            <Route path=path!("/my-data") view={Lazy::<MyDataRoute>::new()}/>
                            <Route path=path!("/office") view={Lazy::<DashboardRoute>::new()}/>
                            <Route path=path!("/office/cases") view={Lazy::<OfficeCasesRoute>::new()}/>
                            <Route path=path!("/office/board") view={Lazy::<BoardRoute>::new()}/>
                            <Route path=path!("/office/board/list") view={Lazy::<BoardListRoute>::new()}/>
                            <Route path=path!("/office/duplicates") view={Lazy::<DuplicatesRoute>::new()}/>
                            <Route path=path!("/messages") view={Lazy::<MessagesRoute>::new()}/>
                            <Route path=path!("/setup") view={Lazy::<SetupRoute>::new()}/>
                            <Route path=path!("/setup/import") view={Lazy::<ImportRoute>::new()}/>
                            <Route path=path!("/committee/agenda") view={Lazy::<AgendaRoute>::new()}/>
                            <Route path=path!("/committee/meetings") view={Lazy::<MeetingsRoute>::new()}/>
                            <Route path=path!("/committee/meetings/:date/:number") view={Lazy::<MinuteRoute>::new()}/>
                            <Route path=path!("/") view={Lazy::<HomeRoute>::new()}/>
                            <Route path=path!("/cases/new") view={Lazy::<NewRequestRoute>::new()}/>
                            <Route path=path!("/cases/:id/print") view={Lazy::<CasePrintRoute>::new()}/>
                            <Route path=path!("/cases/:id/receipt") view={Lazy::<ReceiptRoute>::new()}/>
                            <Route path=path!("/cases/:id/:step") view={Lazy::<RequestRoute>::new()}/>
                        </Routes>
                    </Show>
                </main>
                <ApplicantNav/>
            </Router>
        </Show>
    }
}

/// Pages of signed-in users, each named with the area whose roles it is kept to (if any),
/// in groups loaded from the server (or the device's copy) the
/// first time one of the group is opened, so the sign-in and sign-up pages a phone loads
/// first do not wait for them. One part per group, not per page: a page's part and the
/// parts it shares with others are fewer files to fetch on a weak network.
macro_rules! lazy_pages {
    ($group:ident: $($route:ident => $page:ident as $load:ident $(in $area:ident)?,)*) => {$(
        #[derive(Debug)]
        struct $route;
        impl LazyRoute for $route {
            fn data() -> Self {
                Self
            }
            async fn view(_this: Self) -> AnyView {
                // A page kept to an area's roles is refused here, before its part is fetched.
                $(if !gate::reaches(Area::$area) {
                    device::boot_done();
                    return view! { <NotYours area=Area::$area/> }.into_any();
                })?
                #[cfg_attr(feature = "split", leptos::wasm_split::wasm_split($group, fallible, wasm_split_path = ::leptos::wasm_split))]
                fn $load() -> Result<AnyView, PartMissing> {
                    Ok($page().into_any())
                }
                let page = in_part!($load())
                    .unwrap_or_else(|PartMissing| view! { <PartMissingPage/> }.into_any());
                // The page is drawn in this same turn, so the loading page goes with it.
                device::boot_done();
                page
            }
        }
    )*};
}

// What applicants and officers use every day: their requests, from the list (or the
// applicant's start page) to the receipt.
lazy_pages! { requests:
    HomeRoute => HomePage as home_page,
    NewRequestRoute => NewRequestPage as new_request_page,
    RequestRoute => RequestPage as request_page,
    ReceiptRoute => ReceiptPage as receipt_page,
    CasePrintRoute => CasePrintPage as case_print_page,
}
// The outreach point's desk, and what every user has.
lazy_pages! { desk:
    ReceptionRoute => ReceptionPage as reception_page in Reception,
    LibraryRoute => LibraryPage as library_page in Library,
    FeedbackRoute => FeedbackPage as feedback_page in Feedback,
    PasswordRoute => PasswordPage as password_page,
    AccountRoute => AccountPage as account_page,
    DevicesRoute => DevicesPage as devices_page in Devices,
    MyDataRoute => MyDataPage as my_data_page,
}
// The head office's views and accounts.
lazy_pages! { office:
    DashboardRoute => DashboardPage as dashboard_page in Office,
    BoardRoute => BoardPage as board_page in Office,
    BoardListRoute => BoardListPage as board_list_page in Office,
    OfficeCasesRoute => OfficeCasesPage as office_cases_page in Office,
    DuplicatesRoute => DuplicatesPage as duplicates_page in Office,
    AccountsRoute => AccountsPage as accounts_page in Accounts,
    MessagesRoute => MessagesPage as messages_page in Messages,
    SetupRoute => SetupPage as setup_page in Setup,
    ImportRoute => ImportPage as import_page in Setup,
}
// The research committee's papers.
lazy_pages! { committee:
    AgendaRoute => AgendaPage as agenda_page in Committee,
    MeetingsRoute => MeetingsPage as meetings_page in Committee,
    MinuteRoute => MinutePage as minute_page in Committee,
}

/// A password someone else set (the head office's) is changed before anything else: every
/// page but the password page leads there until it is. The server answers nothing else.
#[component]
fn PasswordFirst() -> impl IntoView {
    let session = expect_context::<Session>();
    let location = leptos_router::hooks::use_location();
    let navigate = use_navigate();
    Effect::new(move |_| {
        let must = session
            .me
            .with(|m| m.as_ref().is_some_and(|m| m.must_change_password));
        if must && location.pathname.get() != "/password" {
            navigate(
                "/password",
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
    });
}

/// Sends the visitor to `path` in place of an address with no page (for them). It goes
/// once the routes are drawn: a navigation in the middle of drawing them would interrupt
/// their own update.
#[component]
fn GoTo(path: &'static str) -> impl IntoView {
    let navigate = use_navigate();
    Effect::new(move |_| {
        let options = NavigateOptions {
            replace: true,
            ..Default::default()
        };
        navigate(path, options);
    });
}

/// In place of a page whose part of the app is not on the device yet and cannot be fetched
/// (no network since sign-in): what is on the device is safe, and the page opens once the
/// network is back.
#[component]
fn PartMissingPage() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let again = move |_| update::reload();
    view! {
        <section class="card narrow" role="alert">
            <h1>{move || t("هذه الصفحة غير محفوظة على الجهاز بعد", "This page is not on the device yet")}</h1>
            <p>{move || t(
                "تُنزَّل مرة واحدة عند توفر الاتصال، ثم تعمل دون اتصال. كل ما على الجهاز محفوظ.",
                "It is downloaded once when there is a network, and works offline after that. Everything on the device is kept.",
            )}</p>
            <button type="button" class="primary" on:click=again>{move || t("أعد المحاولة", "Try again")}</button>
        </section>
    }
}
