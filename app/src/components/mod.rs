//! Widgets shared by pages.

pub mod account_actions;
pub mod account_form;
pub mod after_paint;
pub mod applicant_nav;
pub mod birth_date;
pub mod code_step;
pub mod confirm_identity;
pub mod field;
pub mod form_errors;
pub mod gate;
pub mod header;
pub mod letterhead;
pub mod loaded;
pub mod location;
pub mod original_seen;
pub mod password_rule;
pub mod read_failed;
pub mod record_form;
pub mod release_id;
pub mod scroll_table;
pub mod sending;
pub mod signature_pad;
pub mod sync_indicator;
pub mod thumb;
pub mod update_banner;
pub mod welcome;
