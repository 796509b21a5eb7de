//! `/`: the case list for staff (with the set-up checklist for a new system's head office),
//! and the applicant's start page: their requests, what the association offers and which
//! documents each kind of support asks for, what happens after applying and how long it
//! takes (policy H5), and how to reach the association (policy CH).

use leptos::prelude::*;
use leptos_router::components::A;
use shared::api::Contact;
use shared::documents::{documents_for, NeededWhen};
use shared::life::mutation::Context;
use shared::{Area, Channel, SupportType, Vocabulary};

use crate::components::letterhead::ASSOCIATION;
use crate::context::{I18n, Session};
use crate::i18n::Locale;
use crate::pages::case_list::{rows, unread, CaseItem, CaseListPage};
use crate::store::local;
use crate::sync::SyncState;

/// `/`: an applicant's start page, and the case list for staff.
#[component]
pub fn HomePage() -> impl IntoView {
    let session = expect_context::<Session>();
    let role = Memo::new(move |_| session.me.with(|me| me.as_ref().map(|m| m.role)));
    move || match role.get() {
        Some(r) if !r.is_staff() => view! { <StartPage/> }.into_any(),
        // While the system is new, whoever sets it up sees what is left to do.
        Some(r) if r.reaches(Area::Setup) => view! {
            <crate::pages::setup::checklist::SetupReminder/>
            <CaseListPage/>
        }
        .into_any(),
        _ => view! { <CaseListPage/> }.into_any(),
    }
}

/// What an applicant sees first.
#[component]
fn StartPage() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let state = expect_context::<SyncState>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let rows = state.read(rows);
    let retry = Callback::new(move |()| rows.refetch());
    let settings = LocalResource::new(|| async { local::settings().await.ok().flatten() });
    let answer_days = move || {
        settings
            .get()
            .flatten()
            .map_or(Context::DEFAULT_ANSWER_DAYS, |s| s.answer_days)
    };
    let contact = Signal::derive(move || {
        settings
            .get()
            .flatten()
            .map(|s| s.contact)
            .unwrap_or_default()
    });

    view! {
        <section class="page start">
            <h1>{move || t("أهلًا بك", "Welcome")}</h1>
            <p class="lead">{move || t(ASSOCIATION.0, ASSOCIATION.1)}{" "}{move || t(
                "تساعد الأسر المحتاجة في منطقة جازان على سكن كريم: بناءً وترميمًا وإيجارًا وتأثيثًا. قدّم طلبك من هاتفك وتابعه من هنا.",
                "helps families in need in the Jazan region to a decent home: building, restoring, rent and furnishing. Apply from your phone and follow your request here.",
            )}</p>

            <h2 id="mine">{move || t("طلباتي", "My requests")}</h2>
            {move || rows.with(|rows| match rows {
                None | Some(Err(_)) => unread(i18n.get(), rows, retry),
                Some(Ok(list)) if list.is_empty() => view! {
                    <p class="empty">{t("لم تقدّم طلبًا بعد.", "You have not applied yet.")}</p>
                    <A href="/cases/new" attr:class="button primary">{move || t("ابدأ طلبًا جديدًا", "Start a new request")}</A>
                }.into_any(),
                Some(Ok(list)) => view! {
                    <ul class="cases" aria-labelledby="mine">
                        {list.iter().map(|row| view! { <CaseItem row=row.clone()/> }).collect_view()}
                    </ul>
                }.into_any(),
            })}

            <h2>{move || t("ما تقدّمه الجمعية", "What the association offers")}</h2>
            <p class="hint">{move || t(
                "افتح نوع الدعم لترى المستندات التي تجهّزها قبل أن تبدأ: تصوّرها بهاتفك وترفقها بالطلب، وتُحضر أصولها إلى نقطة الاستقبال.",
                "Open a kind of support to see the documents to have at hand before you start: photograph them with your phone for the request, and bring the originals to the outreach point.",
            )}</p>
            <div class="offers">
                {SupportType::ALL.iter().map(|support| view! { <Offer support=*support/> }).collect_view()}
            </div>

            <h2>{move || t("ماذا يحدث بعد التقديم", "What happens after you apply")}</h2>
            <ol class="journey">
                <li>{move || t(
                    "تملأ الطلب وتوقّعه من هاتفك. يُحفظ على الجهاز أولًا بأول ولو انقطع الاتصال، ويُرسل حين يعود.",
                    "You fill in the request and sign it on your phone. It is kept on the device as you type, even without a network, and sent when the network is back.",
                )}</li>
                <li>{move || t(
                    "تحصل عند التقديم على رقم مرجعي وإيصال فيه اليوم الذي يُنتظر فيه الرد.",
                    "When you submit, you get a reference number and a receipt with the day from which an answer can be expected.",
                )}</li>
                <li>{move || t(
                    "يراجع موظف نقطة الاستقبال طلبك ويطابق المستندات مع أصولها، وقد يتصل بك لاستكمال ما ينقص أو يحيلك إلى الباحث الاجتماعي ليشرح لك ما يلزم.",
                    "An officer of the outreach point checks your request and the documents against their originals, and may call you to complete what is missing or refer you to the social researcher to explain what is needed.",
                )}</li>
                <li>{move || match i18n.get() {
                    Locale::Ar => format!("تدرس لجنة البحث الطلب وتقرّر قبوله أو رفضه، ويُنتظر الرد بعد {} من التقديم على الأقل.", Locale::Ar.count(u64::from(answer_days()), &crate::i18n::plural::DAYS_SINCE)),
                    Locale::En => format!("The research committee studies the request and accepts or rejects it; expect the answer at least {} days after you submit.", answer_days()),
                }}</li>
                <li>{move || t(
                    "إذا قُبل الطلب تُستكمل إجراءات تسجيلك مستفيدًا، ثم تُقدَّم لك الخدمة. ترى حال طلبك هنا في كل وقت.",
                    "If it is accepted, you are registered as a beneficiary and the service is provided. You can see where your request stands here at any time.",
                )}</li>
            </ol>

            <h2>{move || t("تواصل مع الجمعية", "Reach the association")}</h2>
            <ReachUs contact=contact/>
        </section>
    }
}

/// One kind of support, opening to the documents to have at hand for it.
#[component]
fn Offer(support: SupportType) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let documents = documents_for(support);
    view! {
        <details class="offer" data-support=support.code()>
            <summary>{move || i18n.get().label(support)}</summary>
            <ul class="offer-documents">
                {documents.into_iter().map(|(kind, when)| view! {
                    <li>
                        <span class="document-name">{move || i18n.get().label(kind)}</span>
                        {(when != NeededWhen::Always).then(|| view! {
                            <span class="document-when">{move || i18n.get().label(when)}</span>
                        })}
                    </li>
                }).collect_view()}
            </ul>
        </details>
    }
}

/// The ways to the association: the applicant's outreach point, what the server names
/// (phone, e-mail, website), the app's own needs and suggestions, and the other channels.
#[component]
fn ReachUs(contact: Signal<Contact>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let session = expect_context::<Session>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let point = move || {
        session.me.with(|me| {
            me.as_ref()
                .and_then(|m| m.outreach_point.as_ref())
                .map(|p| i18n.get().point(p))
        })
    };
    let others = move || {
        let l = i18n.get();
        [
            Channel::SocialMedia,
            Channel::Letter,
            Channel::BranchRepresentative,
        ]
        .iter()
        .map(|c| l.label(*c))
        .collect::<Vec<_>>()
        .join(l.pick("، ", ", "))
    };
    // Where the point is and when it is open, as the head office wrote it, kept on the phone.
    let point_id = move || {
        session.me.with(|me| {
            me.as_ref()
                .and_then(|m| m.outreach_point.as_ref())
                .map(|p| p.id.clone())
        })
    };
    let details = RwSignal::new(None::<shared::setup::PublicPoint>);
    expect_context::<SyncState>().keep_loaded(
        move || {
            let id = point_id();
            async move {
                match id {
                    Some(id) => local::point_details(&id).await.ok().flatten(),
                    None => None,
                }
            }
        },
        move |found| details.set(found),
    );
    view! {
        <ul class="reach">
            {move || point().map(|p| view! {
                <li>
                    <span class="reach-how">{move || t("زيارة نقطة الاستقبال", "Visit your outreach point")}</span>
                    <span>{p}{move || t(
                        " — قابل موظف علاقات المستفيدين ومعك أصول المستندات.",
                        " — meet the relations officer and bring the original documents.",
                    )}</span>
                    {move || details.get().map(|d| {
                        let d = d.details;
                        view! {
                            <span class="point-details">
                                {(!d.address.is_empty()).then(|| view! { <span>{d.address.clone()}</span> })}
                                {(!d.hours.is_empty()).then(|| view! { <span>{d.hours.clone()}</span> })}
                                {(!d.phone.is_empty()).then(|| view! {
                                    <a href=format!("tel:{}", d.phone) dir="ltr">{d.phone.clone()}</a>
                                })}
                            </span>
                        }
                    })}
                </li>
            })}
            {move || contact.get().phone.map(|phone| view! {
                <li>
                    <span class="reach-how">{move || t("الهاتف", "Phone")}</span>
                    <a href=format!("tel:{phone}") dir="ltr">{phone.clone()}</a>
                </li>
            })}
            {move || contact.get().email.map(|email| view! {
                <li>
                    <span class="reach-how">{move || t("البريد الإلكتروني", "E-mail")}</span>
                    <a href=format!("mailto:{email}") dir="ltr">{email.clone()}</a>
                </li>
            })}
            {move || contact.get().website.map(|site| view! {
                <li>
                    <span class="reach-how">{move || t("موقع الجمعية", "The association's website")}</span>
                    <a href=site.clone() dir="ltr" rel="noopener">{site.clone()}</a>
                </li>
            })}
            <li>
                <span class="reach-how">{move || t("من هذا التطبيق", "From this app")}</span>
                <A href="/feedback">{move || t("أرسل احتياجًا أو مقترحًا، ويصلك الرد هنا", "Send a need or a suggestion; the answer comes here")}</A>
            </li>
            <li>
                <span class="reach-how">{move || t("وأيضًا", "Also")}</span>
                <span>{others}</span>
            </li>
        </ul>
    }
}
