//! The register of beneficiary files, as the head office exports it.

use super::*;

/// Every registered beneficiary file, by when it was registered.
pub async fn register(db: &Db) -> anyhow::Result<Vec<crate::exports::Registered>> {
    let found: Vec<(Stored<Case>, String, String)> = query(
        "SELECT c.data, p.name_ar, p.name_en FROM case_index i JOIN cases c ON c.id = i.case_id \
         JOIN outreach_points p ON p.id = i.point \
         WHERE i.status IN ('registered', 'service_delivered', 'closed') ORDER BY i.submitted_at",
    )
    .fetch_all(db.pool())
    .await?;
    let mut out = Vec::with_capacity(found.len());
    for (Stored(case), point_ar, point_en) in found {
        if case.registration.is_some() {
            out.push(crate::exports::Registered {
                case,
                point_ar,
                point_en,
            });
        }
    }
    out.sort_by_key(|e| e.case.registration.as_ref().map(|r| r.at));
    Ok(out)
}
