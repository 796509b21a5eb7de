//! Bringing the existing register in from a sheet: the file chosen, its columns mapped (as
//! remembered for such a sheet, or guessed), a dry run or the import followed row by row,
//! and its report: each refused row with its number and reasons, and possible duplicates.
//! Staff accounts come in on the same page (see `staff_import`).

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::case::OutreachPoint;
use shared::import::{mapping_code, Column, ImportRun, RowOutcome, RowReport, SheetPreview};

use crate::api::{self, ApiError, ImportAsked};
use crate::components::loaded::{problem, Loaded};
use crate::context::I18n;
use crate::i18n::Locale;

/// `/setup/import`.
#[component]
pub fn ImportPage() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let finished = Trigger::new();
    view! {
        <section class="page setup import">
            <p><a href="/setup">{move || t("← إعداد الجمعية", "← Setting the association up")}</a></p>
            <h1>{move || t("استيراد السجل القائم", "Bring in the existing register")}</h1>
            <p class="hint">{move || t(
                "اختر ملف Excel ‏(XLSX) أو CSV بترميز UTF-8 أو Windows-1256، صفًا لكل طلب. تُطابق أعمدته مع حقول الطلب مرة واحدة وتُحفظ المطابقة لهذا الشكل من الملفات. جرّب أولًا دون حفظ: يُذكر كل صف مرفوض برقمه وسببه. استيراد الملف نفسه مرة أخرى لا يُنشئ شيئًا جديدًا.",
                "Choose an Excel (XLSX) or CSV file, in UTF-8 or Windows-1256, one row a request. Its columns are matched to the request's fields once, and the matching is kept for sheets of that shape. Try a dry run first: every refused row is named by number, with why. Importing the same file again creates nothing new.",
            )}</p>
            <Importer finished=finished/>
            <Runs finished=finished/>
            <super::staff_import::StaffImporter/>
        </section>
    }
}

/// The file chosen: its name and bytes.
type Chosen = Option<(String, Arc<[u8]>)>;

/// Choose, map, try, import.
#[component]
fn Importer(finished: Trigger) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let file = StoredValue::new(None::<(String, Arc<[u8]>)>);
    let preview = RwSignal::new(None::<SheetPreview>);
    let mapping = RwSignal::new(Vec::<Option<Column>>::new());
    let point = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    let run = RwSignal::new(None::<ImportRun>);
    let points = LocalResource::new(api::outreach_points);

    let choose = move |ev: leptos::ev::Event| {
        let Some(picked) = crate::media::picked(&ev).into_iter().next() else {
            return;
        };
        busy.set(true);
        failure.set(None);
        preview.set(None);
        run.set(None);
        spawn_local(async move {
            let outcome = read_and_preview(&picked).await;
            busy.set(false);
            match outcome {
                Ok((chosen, p)) => {
                    file.set_value(chosen);
                    mapping.set(p.mapping.clone());
                    preview.set(Some(p));
                }
                Err(e) => failure.set(Some(e(i18n.0.get_untracked()))),
            }
        });
    };
    let start = move |dry_run: bool| {
        let Some((name, bytes)) = file.get_value() else {
            return;
        };
        busy.set(true);
        failure.set(None);
        run.set(None);
        let chosen_point = point.get_untracked();
        let code = mapping_code(&mapping.get_untracked());
        spawn_local(async move {
            let asked = ImportAsked {
                file: &name,
                dry_run,
                point: Some(chosen_point.as_str()).filter(|p| !p.is_empty()),
                mapping: code,
            };
            match api::start_import(&asked, &bytes).await {
                Ok(started) => {
                    let id = started.id;
                    run.set(Some(started));
                    follow(id, run, failure, i18n).await;
                    finished.notify();
                }
                Err(e) => failure.set(Some(refusal(i18n.0.get_untracked(), &e))),
            }
            busy.set(false);
        });
    };

    view! {
        <section class="card" aria-labelledby="import-file-title">
            <h2 id="import-file-title">{move || t("١. الملف", "1. The file")}</h2>
            <label class="button">
                {move || t("اختيار ملف XLSX أو CSV", "Choose an XLSX or CSV file")}
                <input type="file" class="visually-hidden" accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                    aria-label=move || t("ملف السجل", "The register's file")
                    on:change=choose disabled=move || busy.get()/>
            </label>
            {move || file.with_value(|f| f.as_ref().map(|(name, _)| name.clone())).map(|name| view! {
                <p class="chosen-file"><bdi>{name}</bdi></p>
            })}
            {move || failure.get().map(|f| view! { <p class="form-error" role="alert">{f}</p> })}
        </section>
        {move || preview.get().map(|p| view! {
            <Mapping preview=p mapping=mapping/>
            <section class="card" aria-labelledby="import-run-title">
                <h2 id="import-run-title">{move || t("٣. التجربة ثم الاستيراد", "3. Dry run, then import")}</h2>
                <label for="import-point">{move || t("نقطة الاستقبال للصفوف التي لا تذكر نقطة", "Outreach point of rows that name none")}</label>
                <select id="import-point" on:change=move |ev| point.set(event_target_value(&ev))>
                    <option value="">{move || t("— تذكرها الصفوف —", "— the rows name it —")}</option>
                    {move || points.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|p: OutreachPoint| {
                        let l = i18n.get();
                        view! { <option value=p.id.clone()>{l.point(&p)}</option> }
                    }).collect_view()}
                </select>
                <div class="actions">
                    <button type="button" on:click=move |_| start(true) disabled=move || busy.get()>
                        {move || t("تجربة دون حفظ", "Dry run")}
                    </button>
                    <button type="button" class="primary" on:click=move |_| start(false) disabled=move || busy.get()>
                        {move || t("استيراد", "Import")}
                    </button>
                </div>
            </section>
        })}
        // Drawn again in the other language when it changes.
        {move || run.get().map(|r| {
            i18n.get();
            view! { <Report run=r/> }
        })}
    }
}

/// Reads the file picked and asks the server how it maps; what to say when that fails.
async fn read_and_preview(
    picked: &web_sys::File,
) -> Result<(Chosen, SheetPreview), Box<dyn Fn(Locale) -> String>> {
    let bytes: Arc<[u8]> = crate::media::bytes_of(picked)
        .await
        .map_err(|_| -> Box<dyn Fn(Locale) -> String> {
            Box::new(|l| {
                l.pick("تعذّرت قراءة الملف", "The file could not be read")
                    .into()
            })
        })?
        .into();
    let preview = api::import_preview(&bytes)
        .await
        .map_err(|e| -> Box<dyn Fn(Locale) -> String> { Box::new(move |l| refusal(l, &e)) })?;
    Ok((Some((picked.name(), bytes)), preview))
}

/// What a refusal of the server says, naming the rule when it names one.
pub(crate) fn refusal(l: Locale, e: &ApiError) -> String {
    match e {
        ApiError::Invalid(errors) => errors
            .iter()
            .map(|e| format!("{}: {}", l.field(e.field), l.error(&e.code)))
            .collect::<Vec<_>>()
            .join(l.pick("؛ ", "; ")),
        ApiError::Refused { status: 413, .. } => l
            .pick("الملف أكبر من 32 ميغابايت", "The file is larger than 32 MB")
            .into(),
        other => problem(l, other).into(),
    }
}

/// Asks how far run `id` got until it ends.
async fn follow(
    id: i64,
    run: RwSignal<Option<ImportRun>>,
    failure: RwSignal<Option<String>>,
    i18n: I18n,
) {
    loop {
        gloo_timers::future::TimeoutFuture::new(400).await;
        match api::import_run(id).await {
            Ok(r) => {
                let ended = r.finished_at.is_some();
                run.set(Some(r));
                if ended {
                    return;
                }
            }
            // A moment without the network: the run goes on on the server.
            Err(ApiError::Network(_)) => {}
            Err(e) => {
                failure.set(Some(refusal(i18n.0.get_untracked(), &e)));
                return;
            }
        }
    }
}

/// Each column of the sheet, an example of what it holds, and the field it fills.
#[component]
fn Mapping(preview: SheetPreview, mapping: RwSignal<Vec<Option<Column>>>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let remembered = preview.remembered;
    let rows = preview.rows;
    let columns: Vec<(usize, String, String)> = preview
        .headers
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let example = preview
                .sample
                .first()
                .and_then(|r| r.get(i))
                .cloned()
                .unwrap_or_default();
            (i, h.clone(), example)
        })
        .collect();
    view! {
        <section class="card" aria-labelledby="import-mapping-title">
            <h2 id="import-mapping-title">{move || t("٢. الأعمدة", "2. The columns")}</h2>
            <p class="hint">{move || {
                let l = i18n.get();
                let known = if remembered {
                    l.pick("المطابقة المحفوظة لهذا الشكل من الملفات.", "The matching kept for sheets of this shape.")
                } else {
                    l.pick("مطابقة مقترحة من عناوين الأعمدة: راجعها.", "A matching guessed from the headers: check it.")
                };
                format!("{} {} {rows}", known, l.pick("عدد الصفوف:", "Rows:"))
            }}</p>
            <div class="table-wrap">
                <table class="mapping">
                    <thead><tr>
                        <th scope="col">{move || t("عمود الملف", "Column of the file")}</th>
                        <th scope="col">{move || t("مثال", "Example")}</th>
                        <th scope="col">{move || t("يُقرأ كـ", "Read as")}</th>
                    </tr></thead>
                    <tbody>
                        {columns.into_iter().map(|(i, header, example)| {
                            let label = header.clone();
                            view! {
                                <tr>
                                    <th scope="row">{header}</th>
                                    <td dir="auto">{example}</td>
                                    <td>
                                        <select aria-label=label on:change=move |ev| {
                                            let chosen = Column::from_code(&event_target_value(&ev));
                                            mapping.update(|m| {
                                                // A field is read from one column: another that had it lets go.
                                                if chosen.is_some() {
                                                    for c in m.iter_mut() {
                                                        if *c == chosen { *c = None; }
                                                    }
                                                }
                                                if let Some(c) = m.get_mut(i) { *c = chosen; }
                                            });
                                        }>
                                            <option value="" selected=move || mapping.with(|m| m.get(i).copied().flatten().is_none())>
                                                {move || t("— لا يُستورد —", "— not imported —")}
                                            </option>
                                            {Column::ALL.into_iter().map(|c| view! {
                                                <option value=c.code() selected=move || mapping.with(|m| m.get(i).copied().flatten() == Some(c))>
                                                    {move || t(c.label_ar(), c.label_en())}
                                                </option>
                                            }).collect_view()}
                                        </select>
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

/// How far a run got, and once it ended, what each row came to.
#[component]
fn Report(run: ImportRun) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let l = i18n.0.get_untracked();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let ended = run.finished_at.is_some();
    let c = run.counts;
    let title = if run.dry_run {
        t("نتيجة التجربة (لم يُحفظ شيء)", "Dry run (nothing was saved)")
    } else {
        t("نتيجة الاستيراد", "Import")
    };
    let refused: Vec<RowReport> = run
        .rows
        .iter()
        .filter(|r| matches!(r.outcome, RowOutcome::Refused { .. }))
        .cloned()
        .collect();
    let flagged: Vec<RowReport> = run
        .rows
        .iter()
        .filter(|r| !r.duplicates.is_empty())
        .cloned()
        .collect();
    view! {
        <section class="card import-report" aria-labelledby="import-report-title" aria-live="polite">
            <h2 id="import-report-title">{title}</h2>
            <progress max=run.total.max(1) value=run.done aria-label=move || t("الصفوف المقروءة", "Rows read")></progress>
            <p class="progress-text">{format!("{} {} {} {}", l.pick("قُرئ", "Read"), run.done, l.pick("من", "of"), run.total)}</p>
            {ended.then(|| view! {
                <ul class="import-counts">
                    <li data-count="created">{format!("{}: {}", l.pick("جديد", "New"), c.created)}</li>
                    <li data-count="updated">{format!("{}: {}", l.pick("محدَّث", "Updated"), c.updated)}</li>
                    <li data-count="unchanged">{format!("{}: {}", l.pick("موجود من قبل", "Already there"), c.unchanged)}</li>
                    <li data-count="refused">{format!("{}: {}", l.pick("مرفوض", "Refused"), c.refused)}</li>
                    <li data-count="flagged">{format!("{}: {}", l.pick("تكرار محتمل", "Possible duplicates"), c.flagged)}</li>
                </ul>
            })}
            {run.failed.clone().map(|f| view! {
                <p class="form-error" role="alert">{format!("{} ({f}). {}", l.pick("توقف الاستيراد", "The import stopped"), l.pick(
                    "ما استُورد قبل التوقف باقٍ؛ استورد الملف نفسه مرة أخرى ليُضاف الباقي دون تكرار.",
                    "What came in before it stopped stays; import the same file again to add the rest, none twice.",
                ))}</p>
            })}
            {(!refused.is_empty()).then(|| view! {
                <h3>{move || t("الصفوف المرفوضة", "Rows refused")}</h3>
                <div class="table-wrap">
                    <table class="refused-rows">
                        <thead><tr>
                            <th scope="col">{move || t("الصف", "Row")}</th>
                            <th scope="col">{move || t("الاسم", "Name")}</th>
                            <th scope="col">{move || t("السبب", "Why")}</th>
                        </tr></thead>
                        <tbody>
                            {refused.into_iter().map(|r| {
                                let why = match &r.outcome {
                                    RowOutcome::Refused { problems } => problems.iter()
                                        .map(|p| format!("{}: {}", l.field(p.field), l.error(&p.code)))
                                        .collect::<Vec<_>>()
                                        .join(l.pick("؛ ", "; ")),
                                    _ => String::new(),
                                };
                                view! { <tr data-row=r.row><td>{r.row}</td><td>{r.name}</td><td>{why}</td></tr> }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
            {(!flagged.is_empty()).then(|| view! {
                <h3>{move || t("قد تكرر طلبات قائمة", "May duplicate requests already here")}</h3>
                <p class="hint">{move || t("تظهر أيضًا في صفحة مراجعة التكرار بعد الاستيراد.", "After the import they also appear on the duplicates review page.")}</p>
                <div class="table-wrap">
                    <table class="flagged-rows">
                        <thead><tr>
                            <th scope="col">{move || t("الصف", "Row")}</th>
                            <th scope="col">{move || t("المرجع", "Reference")}</th>
                            <th scope="col">{move || t("قد يكرر", "May duplicate")}</th>
                        </tr></thead>
                        <tbody>
                            {flagged.into_iter().map(|r| view! {
                                <tr><td>{r.row}</td><td dir="ltr">{r.reference.unwrap_or_default()}</td><td dir="ltr">{r.duplicates.join(", ")}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
            {(ended && !run.dry_run && c.created + c.updated > 0).then(|| view! {
                <p class="hint">{move || t(
                    "تصل الطلبات المستوردة إلى أجهزة موظفي كل نقطة في مزامنتها التالية.",
                    "The imported requests reach each point's tablets at their next sync.",
                )}</p>
            })}
        </section>
    }
}

/// The latest imports and dry runs.
#[component]
fn Runs(finished: Trigger) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let t = move |ar, en| i18n.get().pick(ar, en);
    let runs = LocalResource::new(move || {
        finished.track();
        api::import_runs()
    });
    view! {
        <section class="card" aria-labelledby="import-runs-title">
            <h2 id="import-runs-title">{move || t("آخر عمليات الاستيراد", "Latest imports")}</h2>
            <Loaded from=runs let:found>
                {match found {
                    list if list.is_empty() => view! { <p class="empty">{t("لم يُستورد شيء بعد.", "Nothing imported yet.")}</p> }.into_any(),
                    list => {
                        let l = i18n.get();
                        view! {
                            <ul class="import-runs">
                                {list.into_iter().map(|r| {
                                    let kind = if r.dry_run { l.pick("تجربة", "Dry run") } else { l.pick("استيراد", "Import") };
                                    let c = r.counts;
                                    let counts = format!(
                                        "{} {} · {} {} · {} {} · {} {}",
                                        l.pick("جديد", "new"), c.created,
                                        l.pick("محدَّث", "updated"), c.updated,
                                        l.pick("موجود", "there"), c.unchanged,
                                        l.pick("مرفوض", "refused"), c.refused,
                                    );
                                    view! {
                                        <li>
                                            <strong>{format!("{kind}: ")}<bdi>{r.file}</bdi></strong>
                                            <span class="when">{format!(" — {} ({})", l.datetime(r.started_at), r.by.name)}</span>
                                            <br/>{counts}
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }
                }}
            </Loaded>
        </section>
    }
}
