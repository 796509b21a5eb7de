//! Attachments over HTTP: uploads that resume, repeat harmlessly and respect the size
//! limit, and files that only those who may see their case can read.

use crate::common::{change, national_id, request, TestServer};
use crate::office::get_json;
use reqwest::StatusCode;
use server::db::query;
use sha2::{Digest, Sha256};
use shared::api::{ErrorBody, ErrorKind, UploadStatus};
use shared::documents::{AttachmentRef, DocumentKind};
use shared::life::mutation::{Op, Rejection};
use shared::sync::Outcome;

fn jpeg(len: usize) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0];
    bytes.extend((0..len.saturating_sub(4)).map(|i| (i * 31 % 251) as u8));
    bytes
}

fn sha(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

#[tokio::test]
async fn an_upload_resumes_where_it_stopped_and_repeats_harmlessly() {
    let s = TestServer::start().await;
    let officer = s.signed_in("officer.sabya").await;
    let file = jpeg(600_000);
    let hash = sha(&file);
    let chunk = UploadStatus::CHUNK_MAX;
    let url = |offset: usize| {
        format!(
            "/api/attachments/{hash}?offset={offset}&total={}",
            file.len()
        )
    };

    // The first chunk arrives; the connection "drops".
    let r = officer.put_bytes(&url(0), file[..chunk].to_vec()).await;
    let status: UploadStatus = r.json().await.expect("status");
    assert_eq!(
        status,
        UploadStatus {
            received: chunk as u64,
            complete: false
        }
    );

    // A chunk sent from the wrong place is refused, saying where to go on.
    let r = officer.put_bytes(&url(0), file[..chunk].to_vec()).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(
        r.json::<ErrorBody>().await.expect("body").error,
        ErrorKind::UploadOffset
    );

    // The device asks where the upload stands, and finishes it from there.
    let r = officer
        .get(&format!("/api/attachments/{hash}/upload"))
        .await;
    let status: UploadStatus = r.json().await.expect("status");
    let mut offset = status.received as usize;
    assert_eq!(offset, chunk);
    while offset < file.len() {
        let end = (offset + chunk).min(file.len());
        let r = officer
            .put_bytes(&url(offset), file[offset..end].to_vec())
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        offset = end;
    }
    let status: UploadStatus = get_json(&officer, &format!("/api/attachments/{hash}/upload")).await;
    assert_eq!(
        status,
        UploadStatus {
            received: file.len() as u64,
            complete: true
        }
    );

    // Sending the whole file again changes nothing and says it is complete.
    let again = officer.upload(&file, "again.jpg").await;
    assert_eq!(again.sha256, hash);
    let rows: i64 = query("SELECT COUNT(*) FROM attachments WHERE sha256 = ?")
        .bind(&hash)
        .scalar(s.db.pool())
        .await
        .expect("count");
    assert_eq!(rows, 1);
    let r = officer.get(&format!("/api/attachments/{hash}")).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "image/jpeg");
    assert_eq!(r.bytes().await.expect("bytes").as_ref(), &file[..]);
}

#[tokio::test]
async fn too_large_wrong_or_foreign_files_are_refused_clearly() {
    let s = TestServer::start().await;
    let officer = s.signed_in("officer.sabya").await;
    let kind = |r: reqwest::Response| async move {
        (r.status(), r.json::<ErrorBody>().await.expect("body").error)
    };

    let over = AttachmentRef::MAX_BYTES + 1;
    let r = officer
        .put_bytes(
            &format!("/api/attachments/{}?offset=0&total={over}", "a".repeat(64)),
            vec![0xFF; 16],
        )
        .await;
    assert_eq!(
        kind(r).await,
        (StatusCode::PAYLOAD_TOO_LARGE, ErrorKind::TooLarge)
    );

    let big_chunk = jpeg(UploadStatus::CHUNK_MAX + 1);
    let r = officer
        .put_bytes(
            &format!(
                "/api/attachments/{}?offset=0&total={}",
                sha(&big_chunk),
                big_chunk.len()
            ),
            big_chunk,
        )
        .await;
    assert_eq!(
        kind(r).await,
        (StatusCode::PAYLOAD_TOO_LARGE, ErrorKind::TooLarge)
    );

    let file = jpeg(1000);
    let r = officer
        .put_bytes(
            &format!("/api/attachments/{}?offset=0&total=1000", "b".repeat(64)),
            file,
        )
        .await;
    assert_eq!(
        kind(r).await,
        (StatusCode::UNPROCESSABLE_ENTITY, ErrorKind::HashMismatch)
    );

    let html = b"<html><script>alert(1)</script></html>".to_vec();
    let r = officer
        .put_bytes(
            &format!(
                "/api/attachments/{}?offset=0&total={}",
                sha(&html),
                html.len()
            ),
            html,
        )
        .await;
    assert_eq!(
        kind(r).await,
        (
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorKind::UnsupportedType
        )
    );

    let r = officer
        .put_bytes(
            "/api/attachments/..%2F..%2Fetc?offset=0&total=4",
            vec![1, 2, 3, 4],
        )
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);

    // The committee, which only reads, uploads nothing.
    let committee = s.signed_in("committee").await;
    let r = committee
        .put_bytes(
            &format!("/api/attachments/{}?offset=0&total=100", sha(&jpeg(100))),
            jpeg(100),
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    // A file never uploaded cannot be attached.
    let case = officer.create(request(&national_id(600)));
    let ghost = AttachmentRef {
        sha256: "c".repeat(64),
        name: "ghost.jpg".into(),
        media_type: shared::documents::MediaType::Jpeg,
        size: 10,
    };
    let reply = officer
        .push(vec![
            case.clone(),
            change(
                case.case_id,
                Op::Attach {
                    kind: DocumentKind::NationalIdCopy,
                    attachment: ghost,
                },
            ),
        ])
        .await;
    assert_eq!(
        reply.results[1].outcome,
        Outcome::Rejected {
            rejection: Rejection::AttachmentMissing {
                sha256: "c".repeat(64)
            }
        }
    );
}

#[tokio::test]
async fn a_file_is_read_only_by_those_who_may_see_its_case() {
    let s = TestServer::start().await;
    let applicant = s.signed_in("applicant").await;
    let file = jpeg(5000);
    let attachment = applicant.upload(&file, "id.jpg").await;
    let case = applicant.create(request(&national_id(601)));
    let attach = change(
        case.case_id,
        Op::Attach {
            kind: DocumentKind::NationalIdCopy,
            attachment: attachment.clone(),
        },
    );
    let reply = applicant.push(vec![case, attach]).await;
    assert!(
        reply
            .results
            .iter()
            .all(|r| matches!(r.outcome, Outcome::Applied { .. })),
        "{reply:?}"
    );

    let path = format!("/api/attachments/{}", attachment.sha256);
    for (who, allowed) in [
        ("applicant", true),
        ("officer.sabya", true),
        ("head", true),
        ("officer.abuarish", false),
        ("researcher", false),
        ("committee", false),
    ] {
        let client = s.signed_in(who).await;
        let status = client.get(&path).await.status();
        let expected = if allowed {
            StatusCode::OK
        } else {
            StatusCode::NOT_FOUND
        };
        assert_eq!(status, expected, "{who}");
    }
    // Knowing the hash grants nothing: the upload asks for the whole file, and attaching
    // the hash to one's own case is refused.
    let other = s.signed_in("officer.abuarish").await;
    let status: UploadStatus = get_json(
        &other,
        &format!("/api/attachments/{}/upload", attachment.sha256),
    )
    .await;
    assert_eq!(
        status,
        UploadStatus {
            received: 0,
            complete: false
        }
    );
    let theirs = other.create(request(&national_id(602)));
    let steal = change(
        theirs.case_id,
        Op::Attach {
            kind: DocumentKind::NationalIdCopy,
            attachment: attachment.clone(),
        },
    );
    let reply = other.push(vec![theirs, steal]).await;
    assert_eq!(
        reply.results[1].outcome,
        Outcome::Rejected {
            rejection: Rejection::AttachmentMissing {
                sha256: attachment.sha256.clone()
            }
        }
    );
    assert_eq!(other.get(&path).await.status(), StatusCode::NOT_FOUND);
    // Sending the very same bytes proves they hold the file; it is still stored once.
    other.upload(&file, "copy.jpg").await;
    assert_eq!(other.get(&path).await.status(), StatusCode::OK);
    let stored: i64 = query("SELECT COUNT(*) FROM attachments WHERE sha256 = ?")
        .bind(&attachment.sha256)
        .scalar(s.db.pool())
        .await
        .expect("count");
    assert_eq!(stored, 1);
    assert_eq!(
        s.client().get(&path).await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn an_applicant_cannot_fill_the_disk() {
    let s = TestServer::start().await;
    let applicant = s.signed_in("applicant").await;
    let me: shared::api::Me = applicant.get("/api/me").await.json().await.expect("me");
    // What this applicant has uploaded so far, nearly the whole quota.
    query("INSERT INTO attachments (sha256, size, media_type, uploaded_by, created_at) VALUES (?, ?, 'image/jpeg', ?, '2026-11-25T00:00:00Z')")
        .bind("d".repeat(64))
        .bind(i64::try_from(UploadStatus::APPLICANT_QUOTA - 1000).expect("fits"))
        .bind(me.id)
        .execute(s.db.pool())
        .await
        .expect("insert");
    query("INSERT INTO attachment_owners (sha256, user_id) VALUES (?, ?)")
        .bind("d".repeat(64))
        .bind(me.id)
        .execute(s.db.pool())
        .await
        .expect("insert");
    let file = jpeg(2000);
    let r = applicant
        .put_bytes(
            &format!(
                "/api/attachments/{}?offset=0&total={}",
                sha(&file),
                file.len()
            ),
            file.clone(),
        )
        .await;
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    // An officer has no such quota.
    let officer = s.signed_in("officer.sabya").await;
    officer.upload(&file, "photo.jpg").await;
}
