//! A request's summary on paper (A4, right to left, under the association's name): the
//! request as filled, its documents and signature, and what the research, the committee
//! and the services recorded on it. Read from the device, so it prints offline too.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use shared::dates::saudi_date;
use shared::request::applicant::{Gender, MaritalStatus, Nationality};
use shared::request::household::{Health, Occupation, Relation};
use shared::request::housing::{BuildingType, Condition, Ownership};
use shared::request::income::Halalas;
use shared::request::support::Urgency;
use shared::validation::Field;
use shared::{Case, CaseId, Channel, Governorate, RequestForm, SupportType};

use crate::components::letterhead::{Letterhead, PrintButton};
use crate::components::read_failed::OnDevice;
use crate::components::scroll_table::ScrollTable;
use crate::components::signature_pad::SignatureView;
use crate::context::{I18n, Session};
use crate::i18n::Locale;
use crate::pages::request::summary::named;
use crate::store::local;
use crate::sync::SyncState;

/// `/cases/:id/print`.
#[component]
pub fn CasePrintPage() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let state = expect_context::<SyncState>();
    let params = use_params_map();
    // Read again after every sync, so the paper holds the latest decisions.
    let loaded = state.read(move || {
        let id = params.with(|p| p.get("id").and_then(|id| id.parse::<CaseId>().ok()));
        async move {
            let Some(id) = id else { return Ok(None) };
            Ok(local::case(id).await?.map(|l| l.case))
        }
    });
    view! {
        <OnDevice from=loaded what=("هذا الطلب", "this request") let:case>
            <Paper case=case l=i18n.get()/>
        </OnDevice>
    }
}

/// One term and its value; nothing when the value is empty.
pub(crate) fn line(term: &str, value: String) -> Option<impl IntoView + use<>> {
    let term = term.to_owned();
    (!value.trim().is_empty()).then(|| view! { <dt>{term}</dt><dd>{value}</dd> })
}

/// A typed day in `l`'s words, or as typed when it is not one.
fn typed_day(l: Locale, typed: &str) -> String {
    typed
        .trim()
        .parse()
        .map_or_else(|_| typed.to_owned(), |d| l.gregorian(d))
}

/// An amount in riyals, in `l`'s words.
pub(crate) fn money(l: Locale, amount: Halalas) -> String {
    l.money(amount)
}

#[component]
fn Paper(case: Case, l: Locale) -> impl IntoView {
    let session = expect_context::<Session>();
    let printed_by = session
        .me
        .with_untracked(|m| m.as_ref().map(|m| m.display_name.clone()))
        .unwrap_or_default();
    let r = &case.request;
    let point = l.point(&case.outreach_point);
    let documents: Vec<_> = case
        .documents
        .iter()
        .filter(|(_, d)| d.provided())
        .map(|(kind, d)| (*kind, d.attachments.len(), d.verified.clone()))
        .collect();
    let id = case.id;
    view! {
        <section class="page paper case-paper" aria-labelledby="case-paper-title">
            <Letterhead id="case-paper-title">{l.pick("ملخص طلب دعم", "Support request summary")}</Letterhead>
            <div class="actions no-print">
                <PrintButton label=("طباعة الملخص", "Print the summary")/>
                <A href=format!("/cases/{id}/applicant") attr:class="button">{l.pick("العودة إلى الطلب", "Back to the request")}</A>
            </div>
            <dl class="facts paper-facts">
                {line(l.pick("الرقم المرجعي", "Reference number"), case.reference.to_string())}
                {line(l.pick("الحالة", "Status"), l.status(case.status).to_owned())}
                {line(l.pick("نقطة الاستقبال", "Outreach point"), point)}
                {line(l.field(Field::Channel), named(l, &r.channel, Channel::from_code))}
                {line(l.pick("تاريخ التقديم", "Handed in"), case.submitted_at.map(|at| l.both_calendars(saudi_date(at))).unwrap_or_default())}
                {line(l.pick("يُتوقع الرد ابتداءً من", "Answer expected from"), case.answer_expected_on.map(|d| l.both_calendars(d)).unwrap_or_default())}
            </dl>

            <RequestSections request=case.request.clone() l=l/>

            <section>
                <h2>{l.pick("المستندات", "Documents")}</h2>
                <ul class="paper-list">
                    {documents.into_iter().map(|(kind, files, verified)| {
                        let state = match (l, verified) {
                            (Locale::Ar, Some(v)) => format!("مطابق للأصل — {}، {}", v.by.name, l.gregorian(saudi_date(v.at))),
                            (Locale::En, Some(v)) => format!("checked against the original — {}, {}", v.by.name, l.gregorian(saudi_date(v.at))),
                            (_, None) if !kind.has_original() => l.pick("مرفقة", "attached").to_owned(),
                            (_, None) => l.pick("لم يُطابق مع الأصل بعد", "not yet checked against the original").to_owned(),
                        };
                        view! { <li>{format!("{} ({files}) — {state}", l.label(kind))}</li> }
                    }).collect_view()}
                </ul>
            </section>

            {case.attestation.clone().map(|att| {
                let witness = att.witnessed_by.map(|w| w.name);
                view! {
                    <section class="paper-attestation">
                        <h2>{l.pick("الإقرار والتوقيع", "Attestation and signature")}</h2>
                        <p>{match (l, witness) {
                            (Locale::Ar, Some(w)) => format!("وقّع {} الإقرار في {} بحضور {w}.", att.signer_name, l.datetime(att.signed_at)),
                            (Locale::Ar, None) => format!("وقّع {} الإقرار في {} من جواله.", att.signer_name, l.datetime(att.signed_at)),
                            (Locale::En, Some(w)) => format!("{} signed the attestation on {}, witnessed by {w}.", att.signer_name, l.datetime(att.signed_at)),
                            (Locale::En, None) => format!("{} signed the attestation on {}, on their phone.", att.signer_name, l.datetime(att.signed_at)),
                        }}</p>
                        <SignatureView signature=att.signature/>
                    </section>
                }
            })}

            {case.research.clone().map(|research| view! {
                <section>
                    <h2>{l.pick("البحث الاجتماعي", "Social research")}</h2>
                    <dl class="facts">
                        {line(l.pick("الباحث", "Researcher"), research.researcher.name.clone())}
                        {research.visit.map(|v| view! {
                            {line(l.pick("يوم الزيارة", "Visited on"), l.both_calendars(v.visited_on))}
                            {line(l.pick("التوصية", "Recommendation"), l.label(v.recommendation).to_owned())}
                            {line(l.pick("ما وجده الباحث", "Findings"), v.findings)}
                            {line(l.pick("صور الزيارة", "Visit photos"), if v.photos.is_empty() { String::new() } else { v.photos.len().to_string() })}
                        })}
                    </dl>
                </section>
            })}

            {(!case.decisions.is_empty()).then(|| view! {
                <section>
                    <h2>{l.pick("قرارات لجنة البحث", "The research committee's decisions")}</h2>
                    <ul class="paper-list">
                        {case.decisions.iter().map(|d| {
                            let mut why: Vec<String> = d.reasons.iter().map(|x| l.label(*x).to_owned()).collect();
                            if !d.note.is_empty() { why.push(d.note.clone()); }
                            let meeting = match l {
                                Locale::Ar => format!("الاجتماع رقم {} في {}", d.meeting.number, l.both_calendars(d.meeting.held_on)),
                                Locale::En => format!("Meeting {} on {}", d.meeting.number, l.both_calendars(d.meeting.held_on)),
                            };
                            view! {
                                <li>
                                    <strong>{l.label(d.verdict)}</strong>" — "{meeting}
                                    {(!why.is_empty()).then(|| view! { <br/>{why.join(l.pick("؛ ", "; "))} })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </section>
            })}

            {(case.registration.is_some() || !case.services.is_empty()).then(|| view! {
                <section>
                    <h2>{l.pick("التسجيل والخدمات", "Registration and services")}</h2>
                    <dl class="facts">
                        {case.registration.as_ref().and_then(|reg| line(
                            l.pick("رقم ملف المستفيد", "Beneficiary file number"),
                            format!("{} — {}", reg.file_number, l.gregorian(saudi_date(reg.at))),
                        ))}
                    </dl>
                    <ul class="paper-list">
                        {case.services.iter().map(|s| view! {
                            <li>{format!("{} — {} — {} — {}", l.label(s.kind), l.both_calendars(s.delivered_on), money(l, s.amount), s.supplier)}</li>
                        }).collect_view()}
                    </ul>
                </section>
            })}

            <footer class="paper-footer">
                {match l {
                    Locale::Ar => format!("طُبع في {} بواسطة {printed_by}", l.datetime(chrono::Utc::now())),
                    Locale::En => format!("Printed on {} by {printed_by}", l.datetime(chrono::Utc::now())),
                }}
            </footer>
        </section>
    }
}

/// What the applicant gave, section by section: who they are, the household, the income,
/// the home and the support asked. On the summary and on the applicant's own copy.
#[component]
pub fn RequestSections(request: RequestForm, l: Locale) -> impl IntoView {
    let r = &request;
    let a = &r.applicant;
    let mobiles = [a.mobile.trim(), a.alt_mobile.trim()]
        .into_iter()
        .filter(|m| !m.is_empty())
        .collect::<Vec<_>>()
        .join(" / ");
    let lives = [
        named(l, &a.governorate, Governorate::from_code),
        a.centre.clone(),
        a.address.clone(),
    ]
    .into_iter()
    .filter(|s| !s.trim().is_empty())
    .collect::<Vec<_>>()
    .join(l.pick("، ", ", "));
    let support = r
        .support
        .types
        .iter()
        .map(|c| named(l, c, SupportType::from_code))
        .collect::<Vec<_>>()
        .join(l.pick("، ", ", "));
    let income = r.income.sources().map(|(f, amount)| {
        line(
            l.field(f),
            Halalas::parse(amount)
                .ok()
                .filter(|h| h.0 > 0)
                .map(|h| money(l, h))
                .unwrap_or_default(),
        )
    });
    let h = &r.housing;
    view! {
            <section>
                <h2>{l.pick("مقدم الطلب", "Applicant")}</h2>
                <dl class="facts">
                    {line(l.pick("الاسم", "Name"), a.full_name())}
                    {line(l.field(Field::NationalId), a.national_id.clone())}
                    {line(l.field(Field::Nationality), named(l, &a.nationality, Nationality::from_code))}
                    {line(l.field(Field::Gender), named(l, &a.gender, Gender::from_code))}
                    {line(l.field(Field::BirthDate), typed_day(l, &a.birth_date))}
                    {line(l.field(Field::MaritalStatus), named(l, &a.marital_status, MaritalStatus::from_code))}
                    {line(l.field(Field::Mobile), mobiles)}
                    {line(l.pick("السكن", "Lives at"), lives)}
                </dl>
            </section>

            <section>
                // The heading counts the rows listed; the home's size, the applicant with them,
                // is said beside it.
                <h2>{format!("{} ({})", l.field(Field::Household), r.household.len())}</h2>
                {(!r.household.is_empty()).then(|| view! { <p class="hint">{match l {
                    Locale::Ar => format!("{} في المسكن مع مقدم الطلب.", r.household.len() + 1),
                    Locale::En => format!("{} in the home with the applicant.", r.household.len() + 1),
                }}</p> })}
                {if r.household.is_empty() {
                    view! { <p>{l.pick("يسكن مقدم الطلب وحده.", "The applicant lives alone.")}</p> }.into_any()
                } else {
                    // Made before the table: what the table holds is its own.
                    let members = r.household.iter().map(|m| view! {
                        <tr>
                            <td>{m.name.clone()}</td>
                            <td>{named(l, &m.relation, Relation::from_code)}</td>
                            <td dir="ltr">{m.national_id.clone()}</td>
                            <td>{typed_day(l, &m.birth_date)}</td>
                            <td>{named(l, &m.health, Health::from_code)}</td>
                            <td>{named(l, &m.occupation, Occupation::from_code)}</td>
                        </tr>
                    }).collect_view();
                    view! {
                        <ScrollTable label=("أفراد الأسرة", "Household members")>
                        <table class="cases">
                            <thead><tr>
                                <th>{l.field(Field::MemberName)}</th>
                                <th>{l.field(Field::MemberRelation)}</th>
                                <th>{l.field(Field::MemberNationalId)}</th>
                                <th>{l.field(Field::MemberBirthDate)}</th>
                                <th>{l.field(Field::MemberHealth)}</th>
                                <th>{l.field(Field::MemberOccupation)}</th>
                            </tr></thead>
                            <tbody>
                                {members}
                            </tbody>
                        </table>
                        </ScrollTable>
                    }.into_any()
                }}
            </section>

            <section>
                <h2>{l.pick("الدخل الشهري", "Monthly income")}</h2>
                <dl class="facts">
                    {income}
                    {line(l.field(Field::IncomeOtherSource), r.income.other_source.clone())}
                    {line(l.pick("المجموع", "Total"), money(l, r.income.total()))}
                </dl>
            </section>

            <section>
                <h2>{l.pick("المسكن", "The home")}</h2>
                <dl class="facts">
                    {line(l.field(Field::Ownership), named(l, &h.ownership, Ownership::from_code))}
                    {line(l.field(Field::BuildingType), named(l, &h.building_type, BuildingType::from_code))}
                    {line(l.field(Field::Condition), named(l, &h.condition, Condition::from_code))}
                    {line(l.field(Field::Rooms), h.rooms.clone())}
                    {line(l.field(Field::Rent), h.rent.clone())}
                    {line(l.field(Field::Problems), h.problems.clone())}
                </dl>
            </section>

            <section>
                <h2>{l.pick("الدعم المطلوب", "Support asked")}</h2>
                <dl class="facts">
                    {line(l.field(Field::SupportTypes), support)}
                    {line(l.field(Field::Urgency), named(l, &r.support.urgency, Urgency::from_code))}
                    {line(l.field(Field::Description), r.support.description.clone())}
                </dl>
            </section>
    }
}
