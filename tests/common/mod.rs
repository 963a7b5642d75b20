//! Test doubles shared by the integration tests: everything on 127.0.0.1.

pub mod fake_bratanref;
pub mod fake_btj;
pub mod fake_cryptopay;
pub mod fake_panel;
pub mod fake_telegram;
pub mod notifier_rig;
pub mod paced_telegram;
pub mod scripted;
pub mod shop;
