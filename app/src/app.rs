//! The app's shell: shared state, the routes, and who may see them.

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::path;
use shared::api::Me;

use crate::components::header::Header;
use crate::i18n::Locale;
use crate::pages::accounts::AccountsPage;
use crate::pages::case_list::CaseListPage;
use crate::pages::case_print::CasePrintPage;
use crate::pages::committee::agenda::AgendaPage;
use crate::pages::committee::minutes::{MeetingsPage, MinutePage};
use crate::pages::feedback::FeedbackPage;
use crate::pages::library::LibraryPage;
use crate::pages::login::LoginPage;
use crate::pages::office::cases::OfficeCasesPage;
use crate::pages::office::dashboard::DashboardPage;
use crate::pages::office::duplicates::DuplicatesPage;
use crate::pages::password::PasswordPage;
use crate::pages::receipt::ReceiptPage;
use crate::pages::reception::ReceptionPage;
use crate::pages::register::RegisterPage;
use crate::pages::request::{NewRequestPage, RequestPage};
use crate::store::device::DeviceStore;
use crate::store::{self, Store};
use crate::sync::{self, SyncState};

/// The local-storage key of the chosen language (a preference, not case data).
const LOCALE_KEY: &str = "brs.locale";

/// The signed-in user, shared by every page.
#[derive(Clone, Copy, Debug)]
pub struct Session {
    /// The user, or `None` when signed out.
    pub me: RwSignal<Option<Me>>,
}

/// The chosen language, shared by every page.
#[derive(Clone, Copy, Debug)]
pub struct I18n(pub RwSignal<Locale>);

impl I18n {
    /// The current locale, tracked.
    pub fn get(self) -> Locale {
        self.0.get()
    }
}

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
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

    // The user comes from the device first, so the app opens signed in with no network;
    // the server is asked afterwards whether the session still holds.
    spawn_local(async move {
        // A wipe asked for before the reload happens first, while no database is open.
        let _ = store::device::wipe_if_asked().await;
        if let Ok(device) = DeviceStore::get().await {
            if let Ok(me) = device.me().await {
                Store::use_user(me.as_ref().map(|m| m.id));
                session.me.set(me);
            }
        }
        ready.set(true);
        sync::start(state, session.me);
    });

    view! {
        <Router>
            <Header/>
            <main id="main">
                <Show when=move || ready.get() fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
                    <Routes fallback=|| view! { <Redirect path="/"/> }>
                        <Route path=path!("/login") view=LoginPage/>
                        <Route path=path!("/register") view=RegisterPage/>
                        <Route path=path!("/reception") view=|| view! { <SignedIn><ReceptionPage/></SignedIn> }/>
                        <Route path=path!("/library") view=|| view! { <SignedIn><LibraryPage/></SignedIn> }/>
                        <Route path=path!("/feedback") view=|| view! { <SignedIn><FeedbackPage/></SignedIn> }/>
                        <Route path=path!("/accounts") view=|| view! { <SignedIn><AccountsPage/></SignedIn> }/>
                        <Route path=path!("/password") view=|| view! { <SignedIn><PasswordPage/></SignedIn> }/>
                        <Route path=path!("/office") view=|| view! { <SignedIn><DashboardPage/></SignedIn> }/>
                        <Route path=path!("/office/cases") view=|| view! { <SignedIn><OfficeCasesPage/></SignedIn> }/>
                        <Route path=path!("/office/duplicates") view=|| view! { <SignedIn><DuplicatesPage/></SignedIn> }/>
                        <Route path=path!("/committee/agenda") view=|| view! { <SignedIn><AgendaPage/></SignedIn> }/>
                        <Route path=path!("/committee/meetings") view=|| view! { <SignedIn><MeetingsPage/></SignedIn> }/>
                        <Route path=path!("/committee/meetings/:date/:number") view=|| view! { <SignedIn><MinutePage/></SignedIn> }/>
                        <Route path=path!("/") view=|| view! { <SignedIn><CaseListPage/></SignedIn> }/>
                        <Route path=path!("/cases/new") view=|| view! { <SignedIn><NewRequestPage/></SignedIn> }/>
                        <Route path=path!("/cases/:id/print") view=|| view! { <SignedIn><CasePrintPage/></SignedIn> }/>
                        <Route path=path!("/cases/:id/receipt") view=|| view! { <SignedIn><ReceiptPage/></SignedIn> }/>
                        <Route path=path!("/cases/:id/:step") view=|| view! { <SignedIn><RequestPage/></SignedIn> }/>
                    </Routes>
                </Show>
            </main>
        </Router>
    }
}

/// Shows its children to a signed-in user and sends anyone else to the sign-in page.
#[component]
fn SignedIn(children: ChildrenFn) -> impl IntoView {
    let session = expect_context::<Session>();
    view! {
        <Show when=move || session.me.get().is_some() fallback=|| view! { <Redirect path="/login"/> }>
            {children()}
        </Show>
    }
}
