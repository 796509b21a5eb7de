//! The only module that speaks HTTP: the server's API as async functions.

use gloo_net::http::{Request, RequestBuilder, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;
use shared::accounts::{Account, AccountChange, NewAccount, PasswordChange, PasswordReset};
use shared::api::{
    DeviceRequest, DeviceSettings, ErrorBody, ErrorKind, LoginRequest, Me, RegisterRequest,
    UploadStatus, CSRF_HEADER,
};
use shared::case::OutreachPoint;
use shared::committee::{Agenda, MeetingSummary, Minute};
use shared::devices::{DeviceKind, DeviceList, DeviceMark};
use shared::identity::{CodeEntry, CodeSent, ForgotPassword, PasswordRecovery, Release, Resend};
use shared::library::{LibraryDocument, LibraryKind, LibraryUpload};
use shared::messages::sending::{
    MessageAction, MessageDecision, NoticeText, Preferences, StaffMessage, TextEdit,
};
use shared::messages::Notice;
use shared::records::feedback::{AnswerInput, Feedback};
use shared::records::{Batch, Page, Record, Results};
use shared::reports::office::{
    Calendar, CasePage, CaseQuery, Dashboard, DuplicateCheck, DuplicateHit, DuplicatePair,
    DuplicateReview, DuplicateReviewInput,
};
use shared::sync::{PullResponse, PushRequest, PushResponse};
use shared::{CaseId, Vocabulary};
use wasm_bindgen::JsCast;

/// Why a call did not succeed.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ApiError {
    /// The server could not be reached.
    #[error("network: {0}")]
    Network(String),
    /// The session is missing or expired.
    #[error("not signed in")]
    Unauthenticated,
    /// The server refused, saying why.
    #[error("refused ({status}): {kind:?}")]
    Refused {
        /// HTTP status.
        status: u16,
        /// What kind of refusal.
        kind: ErrorKind,
    },
    /// The server refused fields of the request, naming each.
    #[error("invalid fields")]
    Invalid(Vec<shared::validation::FieldError>),
    /// The server answered with something this app does not understand.
    #[error("unexpected reply: {0}")]
    Unexpected(String),
}

async fn send(
    request: RequestBuilder,
    body: Option<&impl Serialize>,
) -> Result<Response, ApiError> {
    let request = request.header(CSRF_HEADER, "1");
    let sent = match body {
        Some(body) => {
            request
                .json(body)
                .map_err(|e| ApiError::Unexpected(e.to_string()))?
                .send()
                .await
        }
        None => request.send().await,
    };
    sent.map_err(|e| ApiError::Network(e.to_string()))
}

async fn read<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    if response.ok() {
        return response
            .json()
            .await
            .map_err(|e| ApiError::Unexpected(e.to_string()));
    }
    let status = response.status();
    match response.json::<ErrorBody>().await {
        Ok(ErrorBody {
            error: ErrorKind::Unauthenticated,
            ..
        }) => Err(ApiError::Unauthenticated),
        Ok(ErrorBody {
            error: ErrorKind::Invalid,
            errors,
            ..
        }) => Err(ApiError::Invalid(errors)),
        Ok(body) => Err(ApiError::Refused {
            status,
            kind: body.error,
        }),
        // A proxy or a captive portal answered instead of the server.
        Err(_) => Err(ApiError::Network(format!("HTTP {status}"))),
    }
}

/// Signs in and returns the user.
pub async fn login(username: &str, password: &str) -> Result<Me, ApiError> {
    let body = LoginRequest {
        username: username.to_owned(),
        password: password.to_owned(),
    };
    read(send(Request::post("/api/login"), Some(&body)).await?).await
}

/// Opens an applicant's account and signs them in.
pub async fn register(body: &RegisterRequest) -> Result<CodeSent, ApiError> {
    read(send(Request::post("/api/register"), Some(body)).await?).await
}

/// The code from the SMS, which opens the account and signs in.
pub async fn verify_sign_up(body: &CodeEntry) -> Result<Me, ApiError> {
    read(send(Request::post("/api/register/verify"), Some(body)).await?).await
}

/// Another code for a sign-up (`forgot` false) or a forgotten password.
pub async fn resend_code(body: &Resend, forgot: bool) -> Result<CodeSent, ApiError> {
    let url = if forgot {
        "/api/password/forgot/resend"
    } else {
        "/api/register/resend"
    };
    read(send(Request::post(url), Some(body)).await?).await
}

/// "Forgot my password": a code to the account's proven mobile.
pub async fn forgot_password(body: &ForgotPassword) -> Result<CodeSent, ApiError> {
    read(send(Request::post("/api/password/forgot"), Some(body)).await?).await
}

/// The code and a new password, which sign in.
pub async fn recover_password(body: &PasswordRecovery) -> Result<Me, ApiError> {
    read(send(Request::post("/api/password/recover"), Some(body)).await?).await
}

/// Releases a national ID taken by someone else's account (officer, head office).
pub async fn release_id(body: &Release) -> Result<(), ApiError> {
    done(send(Request::post("/api/users/release"), Some(body)).await?).await
}

/// Confirms, having seen the original, who holds the applicant account of an ID (officer,
/// head office).
pub async fn confirm_identity(
    body: &shared::identity::IdentityConfirmation,
) -> Result<(), ApiError> {
    done(send(Request::post("/api/users/confirm-identity"), Some(body)).await?).await
}

/// What the signed-in applicant chose for their messages.
pub async fn preferences() -> Result<Preferences, ApiError> {
    read(send(Request::get("/api/me/preferences"), None::<&()>).await?).await
}

/// Saves what the applicant chose for their messages.
pub async fn set_preferences(body: &Preferences) -> Result<Preferences, ApiError> {
    read(send(Request::put("/api/me/preferences"), Some(body)).await?).await
}

/// A member of staff sends the case's applicant a message.
pub async fn send_message(case: CaseId, body: &StaffMessage) -> Result<(), ApiError> {
    let url = format!("/api/cases/{case}/messages");
    done(send(Request::post(&url), Some(body)).await?).await
}

/// Staff decide on a message that failed or whose outcome is unknown.
pub async fn decide_message(case: CaseId, id: &str, action: MessageAction) -> Result<(), ApiError> {
    let url = format!("/api/cases/{case}/messages/{id}");
    done(send(Request::post(&url), Some(&MessageDecision { action })).await?).await
}

/// The texts of the messages, with their versions (head office).
pub async fn notice_texts() -> Result<Vec<NoticeText>, ApiError> {
    read(send(Request::get("/api/notices/texts"), None::<&()>).await?).await
}

/// The text each message is sent with now, for staff to show before a step sends one.
pub async fn current_texts() -> Result<Vec<NoticeText>, ApiError> {
    read(send(Request::get("/api/notices/current"), None::<&()>).await?).await
}

/// Saves a new version of a message's text (head office).
pub async fn edit_notice_text(
    notice: Notice,
    english: bool,
    body: &TextEdit,
) -> Result<i64, ApiError> {
    let url = format!(
        "/api/notices/texts/{}/{}",
        notice.code(),
        if english { "en" } else { "ar" }
    );
    read(send(Request::put(&url), Some(body)).await?).await
}

/// The outreach points an applicant can choose from.
pub async fn outreach_points() -> Result<Vec<OutreachPoint>, ApiError> {
    read(send(Request::get("/api/outreach-points"), None::<&()>).await?).await
}

/// The open outreach points with what applicants see of them (address, phone, hours).
pub async fn public_points() -> Result<Vec<shared::setup::PublicPoint>, ApiError> {
    read(send(Request::get("/api/outreach-points"), None::<&()>).await?).await
}

/// Every outreach point, closed ones too, with its officers and requests (head office).
pub async fn setup_points() -> Result<Vec<shared::setup::Point>, ApiError> {
    read(send(Request::get("/api/setup/points"), None::<&()>).await?).await
}

/// Opens an outreach point (head office).
pub async fn create_point(
    body: &shared::setup::PointDetails,
) -> Result<shared::setup::Point, ApiError> {
    read(send(Request::post("/api/outreach-points"), Some(body)).await?).await
}

/// Renames a point or changes what applicants see of it (head office).
pub async fn change_point(
    id: &str,
    body: &shared::setup::PointDetails,
) -> Result<shared::setup::Point, ApiError> {
    let url = format!("/api/outreach-points/{}", path_part(id));
    read(send(Request::put(&url), Some(body)).await?).await
}

/// Closes a point, moving its requests and people (head office).
pub async fn close_point(
    id: &str,
    body: &shared::setup::PointClosing,
) -> Result<shared::setup::Closed, ApiError> {
    let url = format!("/api/outreach-points/{}/close", path_part(id));
    read(send(Request::post(&url), Some(body)).await?).await
}

/// The settings in force and their earlier versions (head office).
pub async fn settings() -> Result<shared::setup::SettingsHistory, ApiError> {
    read(send(Request::get("/api/settings"), None::<&()>).await?).await
}

/// Saves a new version of the settings (head office).
pub async fn save_settings(
    body: &shared::setup::SettingsEdit,
) -> Result<shared::setup::SettingsVersion, ApiError> {
    read(send(Request::put("/api/settings"), Some(body)).await?).await
}

/// What the first-start checklist ticks (head office).
pub async fn checklist() -> Result<shared::setup::Checklist, ApiError> {
    read(send(Request::get("/api/setup/checklist"), None::<&()>).await?).await
}

/// Sends a test text through the configured gateway and returns its answer (head office).
pub async fn sms_test(mobile: &str) -> Result<shared::setup::SmsTest, ApiError> {
    let body = serde_json::json!({ "mobile": mobile });
    read(send(Request::post("/api/setup/sms-test"), Some(&body)).await?).await
}

/// Sends `bytes` as the body of `request` and reads the answer: a sheet, or a file's chunk.
async fn send_bytes<T: DeserializeOwned>(
    request: RequestBuilder,
    bytes: &[u8],
) -> Result<T, ApiError> {
    let request = request
        .header(CSRF_HEADER, "1")
        .header("content-type", "application/octet-stream")
        .body(js_sys::Uint8Array::from(bytes))
        .map_err(|e| ApiError::Unexpected(e.to_string()))?;
    let response = request
        .send()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    read(response).await
}

/// A sheet's headers, the mapping it would get, its rows and the first few (head office).
pub async fn import_preview(bytes: &[u8]) -> Result<shared::import::SheetPreview, ApiError> {
    send_bytes(Request::post("/api/imports/preview"), bytes).await
}

/// What an import is asked to do, beside the sheet.
#[derive(Clone, Debug, Serialize)]
pub struct ImportAsked<'a> {
    /// The file's name.
    pub file: &'a str,
    /// Only say what would be done.
    pub dry_run: bool,
    /// The outreach point of rows that name none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub point: Option<&'a str>,
    /// Each column's code, comma-separated.
    pub mapping: String,
}

/// Starts an import, or its dry run, of a sheet (head office).
pub async fn start_import(
    asked: &ImportAsked<'_>,
    bytes: &[u8],
) -> Result<shared::import::ImportRun, ApiError> {
    let query =
        serde_urlencoded::to_string(asked).map_err(|e| ApiError::Unexpected(e.to_string()))?;
    send_bytes(Request::post(&format!("/api/imports?{query}")), bytes).await
}

/// Opens the staff accounts of a sheet, or says what it would open (head office). The
/// one-time passwords are in this answer only.
pub async fn import_staff(
    file: &str,
    dry_run: bool,
    bytes: &[u8],
) -> Result<shared::staff_import::StaffImport, ApiError> {
    let query = serde_urlencoded::to_string([("file", file), ("dry_run", &dry_run.to_string())])
        .map_err(|e| ApiError::Unexpected(e.to_string()))?;
    send_bytes(Request::post(&format!("/api/imports/staff?{query}")), bytes).await
}

/// How far an import got, and its report once it ended (head office).
pub async fn import_run(id: i64) -> Result<shared::import::ImportRun, ApiError> {
    read(send(Request::get(&format!("/api/imports/{id}")), None::<&()>).await?).await
}

/// The latest imports, newest first (head office).
pub async fn import_runs() -> Result<Vec<shared::import::ImportRun>, ApiError> {
    read(send(Request::get("/api/imports"), None::<&()>).await?).await
}

/// A path part with the characters an address would misread escaped.
fn path_part(part: &str) -> String {
    js_sys::encode_uri_component(part).into()
}

/// Ends the session on the server.
pub async fn logout() -> Result<(), ApiError> {
    done(send(Request::post("/api/logout"), None::<&()>).await?).await
}

/// Reads a reply that carries no body on success.
async fn done(response: Response) -> Result<(), ApiError> {
    if response.ok() {
        Ok(())
    } else {
        read::<()>(response).await
    }
}

/// A page of every outreach point's requests (head office).
pub async fn office_cases(query: &CaseQuery) -> Result<CasePage, ApiError> {
    let url = format!("/api/office/cases?{}", query_string(query));
    read(send(Request::get(&url), None::<&()>).await?).await
}

/// The dashboard's counts, of every request or those `query` narrows to (head office).
pub async fn dashboard(query: &CaseQuery, calendar: Calendar) -> Result<Dashboard, ApiError> {
    let url = format!(
        "/api/office/dashboard?calendar={}&{}",
        calendar.code(),
        query_string(query)
    );
    read(send(Request::get(&url), None::<&()>).await?).await
}

/// The board's report for a period.
pub async fn board(
    q: &shared::reports::board::BoardQuery,
) -> Result<shared::reports::board::BoardReport, ApiError> {
    let url = format!(
        "/api/office/board?{}",
        serde_urlencoded::to_string(q).unwrap_or_default()
    );
    read(send(Request::get(&url), None::<&()>).await?).await
}

/// What one figure of the board's report counts.
pub async fn board_list(
    q: &shared::reports::board::BoardQuery,
) -> Result<shared::reports::board::BoardList, ApiError> {
    let url = format!(
        "/api/office/board/list?{}",
        serde_urlencoded::to_string(q).unwrap_or_default()
    );
    read(send(Request::get(&url), None::<&()>).await?).await
}

/// The pairs of open requests sharing a national ID; with `reviewed`, those ruled on too.
pub async fn duplicates(reviewed: bool) -> Result<Vec<DuplicatePair>, ApiError> {
    let url = format!("/api/office/duplicates?reviewed={reviewed}");
    read(send(Request::get(&url), None::<&()>).await?).await
}

/// The head office's finding on a pair.
pub async fn review_duplicates(body: &DuplicateReviewInput) -> Result<DuplicateReview, ApiError> {
    read(send(Request::post("/api/office/duplicates"), Some(body)).await?).await
}

/// At intake: the open requests elsewhere carrying these IDs.
pub async fn check_duplicates(body: &DuplicateCheck) -> Result<Vec<DuplicateHit>, ApiError> {
    read(send(Request::post("/api/duplicates/check"), Some(body)).await?).await
}

/// Every request waiting for the research committee (the committee and the head office).
pub async fn agenda() -> Result<Agenda, ApiError> {
    read(send(Request::get("/api/committee/agenda"), None::<&()>).await?).await
}

/// The committee's meetings, the latest first, with their counts.
pub async fn meetings() -> Result<Vec<MeetingSummary>, ApiError> {
    read(send(Request::get("/api/committee/meetings"), None::<&()>).await?).await
}

/// The minute of the committee's meeting `number` held on `held_on`.
pub async fn minute(held_on: &str, number: &str) -> Result<Minute, ApiError> {
    let url = format!(
        "/api/committee/meetings/{}/{}",
        js_sys::encode_uri_component(held_on),
        js_sys::encode_uri_component(number)
    );
    read(send(Request::get(&url), None::<&()>).await?).await
}

/// Where an export of `file` (`list.csv`, `register.xlsx`…) of `query` is downloaded.
pub fn export_url(file: &str, query: &CaseQuery, lang: &str) -> String {
    format!(
        "/api/office/export/{file}?lang={lang}&{}",
        query_string(query)
    )
}

/// The list's query as a query string.
pub fn query_string(query: &CaseQuery) -> String {
    serde_urlencoded::to_string(query).unwrap_or_default()
}

/// The staff accounts, or every account matching `query` (head office).
pub async fn accounts(query: &str) -> Result<Vec<Account>, ApiError> {
    let url = format!(
        "/api/users?q={}",
        String::from(js_sys::encode_uri_component(query))
    );
    read(send(Request::get(&url), None::<&()>).await?).await
}

/// Opens a staff account (head office).
pub async fn create_account(body: &NewAccount) -> Result<Account, ApiError> {
    read(send(Request::post("/api/users"), Some(body)).await?).await
}

/// Changes an account's name, role, point or whether it may sign in (head office).
pub async fn change_account(id: i64, body: &AccountChange) -> Result<Account, ApiError> {
    let url = format!("/api/users/{id}");
    read(send(Request::put(&url), Some(body)).await?).await
}

/// Sets a new password for an account (head office).
pub async fn reset_password(id: i64, body: &PasswordReset) -> Result<(), ApiError> {
    let url = format!("/api/users/{id}/password");
    done(send(Request::post(&url), Some(body)).await?).await
}

/// Changes the signed-in user's own password.
pub async fn change_password(body: &PasswordChange) -> Result<(), ApiError> {
    done(send(Request::post("/api/password"), Some(body)).await?).await
}

/// The signed-in user, if the session is still valid.
pub async fn me() -> Result<Me, ApiError> {
    read(send(Request::get("/api/me"), None::<&()>).await?).await
}

/// Introduces this device, or reports how it stands at a sync; returns its number and the
/// settings it works by.
pub async fn register_device(body: &DeviceRequest) -> Result<DeviceSettings, ApiError> {
    read(send(Request::post("/api/device"), Some(body)).await?).await
}

/// The devices this user may see: staff's tablets or applicants' phones, of one point or all.
pub async fn devices(kind: DeviceKind, point: Option<&str>) -> Result<DeviceList, ApiError> {
    #[derive(Serialize)]
    struct Filter<'a> {
        kind: DeviceKind,
        #[serde(skip_serializing_if = "Option::is_none")]
        point: Option<&'a str>,
    }
    let filter = serde_urlencoded::to_string(Filter { kind, point }).unwrap_or_default();
    let url = format!("/api/devices?{filter}");
    read(send(Request::get(&url), None::<&()>).await?).await
}

/// Marks device `number` lost, or found again (head office).
pub async fn mark_device(number: u32, lost: bool, body: &DeviceMark) -> Result<(), ApiError> {
    let url = format!(
        "/api/devices/{number}/{}",
        if lost { "lost" } else { "found" }
    );
    done(send(Request::post(&url), Some(body)).await?).await
}

/// Where the upload of a file stands on the server.
pub async fn upload_status(sha256: &str) -> Result<UploadStatus, ApiError> {
    let url = format!("/api/attachments/{sha256}/upload");
    read(send(Request::get(&url), None::<&()>).await?).await
}

/// Sends the part of a file of `total` bytes that starts at `offset`.
pub async fn upload_chunk(
    sha256: &str,
    offset: u64,
    total: u64,
    chunk: &[u8],
) -> Result<UploadStatus, ApiError> {
    let url = format!("/api/attachments/{sha256}?offset={offset}&total={total}");
    send_bytes(Request::put(&url), chunk).await
}

/// A file attached to a case this user may see.
pub async fn download(sha256: &str) -> Result<Vec<u8>, ApiError> {
    let url = format!("/api/attachments/{sha256}");
    let response = send(Request::get(&url), None::<&()>).await?;
    if !response.ok() {
        return read::<()>(response).await.map(|()| Vec::new());
    }
    response
        .binary()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))
}

/// Answers a need or suggestion, closing it when asked (head office).
pub async fn answer_feedback(id: &str, body: &AnswerInput) -> Result<Feedback, ApiError> {
    let url = format!("/api/feedback/{id}/answer");
    read(send(Request::post(&url), Some(body)).await?).await
}

/// Sends records made on this device (inquiries, needs and suggestions); what became of each.
pub async fn push_records<R: Record>(batch: &Batch<R>) -> Result<Results, ApiError> {
    let url = format!("/api/{}", R::NAME);
    read(send(Request::post(&url), Some(batch)).await?).await
}

/// The records of a kind this user may see that changed after `cursor`.
pub async fn pull_records<R: Record>(cursor: u64) -> Result<Page<R>, ApiError> {
    let url = format!("/api/{}?cursor={cursor}", R::NAME);
    read(send(Request::get(&url), None::<&()>).await?).await
}

/// The current reference documents.
pub async fn library() -> Result<Vec<LibraryDocument>, ApiError> {
    read(send(Request::get("/api/tools"), None::<&()>).await?).await
}

/// Every change sent for a case, as the server recorded it (staff who see the case).
/// Everything the association holds about the signed-in applicant.
pub async fn my_data() -> Result<shared::my_data::MyData, ApiError> {
    read(send(Request::get("/api/me/data"), None::<&()>).await?).await
}

/// The signed-in applicant's latest request to have their data erased.
pub async fn my_erasure() -> Result<Option<shared::erasure::Erasure>, ApiError> {
    read(send(Request::get("/api/me/erasure"), None::<&()>).await?).await
}

/// Asks for the signed-in applicant's data to be erased.
pub async fn ask_erasure(
    body: &shared::erasure::ErasureAsk,
) -> Result<shared::erasure::Erasure, ApiError> {
    read(send(Request::post("/api/me/erasure"), Some(body)).await?).await
}

/// The erasure requests waiting for the head office, and the latest ruled.
pub async fn erasures() -> Result<shared::erasure::ErasureList, ApiError> {
    read(send(Request::get("/api/erasures"), None::<&()>).await?).await
}

/// The head office's ruling on erasure request `id`.
pub async fn rule_erasure(
    id: i64,
    body: &shared::erasure::ErasureRuling,
) -> Result<shared::erasure::Erasure, ApiError> {
    let url = format!("/api/erasures/{id}");
    read(send(Request::post(&url), Some(body)).await?).await
}

/// Who opened a request's personal data on the server, the latest first (head office).
pub async fn case_reads(id: shared::CaseId) -> Result<Vec<shared::audit::CaseRead>, ApiError> {
    let url = format!("/api/cases/{id}/reads");
    read(send(Request::get(&url), None::<&()>).await?).await
}

pub async fn case_history(
    id: shared::CaseId,
) -> Result<Vec<shared::audit::HistoryEntry>, ApiError> {
    let url = format!("/api/cases/{id}/history");
    read(send(Request::get(&url), None::<&()>).await?).await
}

/// The social researchers a case can be assigned to (officers and the head office).
pub async fn researchers() -> Result<Vec<shared::case::UserRef>, ApiError> {
    read(send(Request::get("/api/researchers"), None::<&()>).await?).await
}

/// Makes an uploaded file the reference document of `kind` (head office).
pub async fn replace_document(
    kind: LibraryKind,
    upload: &LibraryUpload,
) -> Result<LibraryDocument, ApiError> {
    let url = format!("/api/tools/{}", kind.code());
    read(send(Request::put(&url), Some(upload)).await?).await
}

/// Pushes a batch of the outbox.
pub async fn push(request: &PushRequest) -> Result<PushResponse, ApiError> {
    read(send(Request::post("/api/sync/push"), Some(request)).await?).await
}

/// Pulls the changes after `cursor` for `user`'s copy on the device; the server refuses
/// it if someone else is signed in.
pub async fn pull(cursor: u64, user: Option<i64>) -> Result<PulledPage, ApiError> {
    let mut url = format!(
        "/api/sync/pull?cursor={cursor}&limit={}",
        PullResponse::MAX_LIMIT
    );
    if let Some(user) = user {
        url.push_str(&format!("&user={user}"));
    }
    let response = send(Request::get(&url), None::<&()>).await?;
    if !response.ok() {
        return Err(match read::<serde::de::IgnoredAny>(response).await {
            Err(e) => e,
            Ok(_) => ApiError::Unexpected("a refused pull".into()),
        });
    }
    let unexpected = |e: wasm_bindgen::JsValue| ApiError::Unexpected(format!("{e:?}"));
    // The browser parses the page; only its few other fields are read into Rust.
    let raw: web_sys::Response = response.into();
    let body = wasm_bindgen_futures::JsFuture::from(raw.json().map_err(unexpected)?)
        .await
        .map_err(|e| ApiError::Network(format!("{e:?}")))?;
    let key = wasm_bindgen::JsValue::from_str("changes");
    let cases: js_sys::Array = js_sys::Reflect::get(&body, &key)
        .map_err(unexpected)?
        .dyn_into()
        .map_err(unexpected)?;
    js_sys::Reflect::set(&body, &key, &js_sys::Array::new()).map_err(unexpected)?;
    let rest: String = js_sys::JSON::stringify(&body).map_err(unexpected)?.into();
    let page = serde_json::from_str(&rest).map_err(|e| ApiError::Unexpected(e.to_string()))?;
    Ok(PulledPage { page, cases })
}

/// A page of changes whose cases are left as the browser parsed them: the device stores
/// most as they came, and decodes only those it must merge with its unsent changes.
#[derive(Debug)]
pub struct PulledPage {
    /// The page's other fields; its `changes` are in `cases`.
    pub page: PullResponse<serde::de::IgnoredAny>,
    /// The cases, as objects of the browser's.
    pub cases: js_sys::Array,
}
