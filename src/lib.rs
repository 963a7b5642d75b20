//! smmbot: a Telegram shop for SMM and referral services bought from upstream providers.

pub mod app;
pub mod audit;
pub mod bot;
pub mod broadcast;
pub mod catalogue;
pub mod chart;
pub mod cli;
pub mod config;
pub mod db;
pub mod error;
pub mod i18n;
pub mod metrics;
pub mod money;
pub mod orders;
pub mod payments;
pub mod pricing;
pub mod providers;
pub mod reselling;
pub mod stats;
pub mod support;
pub mod update_slots;
pub mod vocabulary;

pub use error::{Error, Result};
