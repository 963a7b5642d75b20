//! What customers and admins see of referrals.

use super::{button, menu_row, screen};
use crate::bot::callback::CallbackData;
use crate::bot::{Screen, Tr};
use crate::db::referrals::ReferralSummary;
use crate::money::Currency;

/// The link that attaches whoever starts the bot through it to the owner of `code`.
pub fn referral_link(bot_username: &str, code: &str) -> String {
    format!("https://t.me/{bot_username}?start=r{code}")
}

/// A rate in basis points as people write a percentage: 500 → "5", 250 → "2.5".
pub fn percent(rate_bp: i64) -> String {
    let whole = rate_bp / 100;
    match rate_bp % 100 {
        0 => whole.to_string(),
        part if part % 10 == 0 => format!("{whole}.{}", part / 10),
        part => format!("{whole}.{part:02}"),
    }
}

/// "Invite friends": the link, how many joined, what it earned; `None` for the link while the
/// program is off.
pub fn invite_screen(
    tr: &Tr,
    currency: &Currency,
    invite: Option<(String, i64)>,
    summary: &ReferralSummary,
) -> Screen {
    let text = match invite {
        Some((link, rate_bp)) => tr.f(
            "referral-screen",
            &[
                ("percent", percent(rate_bp).into()),
                ("link", link.into()),
                ("joined", summary.joined.into()),
                ("earned", tr.money(currency, summary.earned_minor).into()),
            ],
        ),
        None => tr.t("referral-off"),
    };
    screen(
        text,
        vec![
            vec![button(tr.t("btn-balance"), CallbackData::Balance)],
            menu_row(tr),
        ],
    )
}

/// The customer's referral line under `/user`.
pub fn admin_user_line(tr: &Tr, currency: &Currency, summary: &ReferralSummary, referees: &[i64]) -> String {
    let referrer = summary
        .referrer_id
        .map_or_else(|| tr.t("referral-admin-nobody"), |id| id.to_string());
    let referees = if referees.is_empty() {
        String::new()
    } else {
        let ids: Vec<String> = referees.iter().map(i64::to_string).collect();
        format!("({})", ids.join(", "))
    };
    tr.f(
        "referral-admin-user",
        &[
            ("referrer", referrer.into()),
            ("joined", summary.joined.into()),
            ("referees", referees.into()),
            ("earned", tr.money(currency, summary.earned_minor).into()),
        ],
    )
}

/// The referral payouts line of `/stats`: paid net of what was taken back, and what could not be.
pub fn admin_stats_line(tr: &Tr, currency: &Currency, paid_minor: i64, unrecovered_minor: i64) -> String {
    tr.f(
        "referral-admin-stats",
        &[
            ("paid", tr.money(currency, paid_minor).into()),
            ("unrecovered", tr.money(currency, unrecovered_minor).into()),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_and_percentages_read_as_people_write_them() {
        assert_eq!(
            referral_link("shop_bot", "ab12"),
            "https://t.me/shop_bot?start=rab12"
        );
        assert_eq!(percent(500), "5");
        assert_eq!(percent(250), "2.5");
        assert_eq!(percent(1234), "12.34");
        assert_eq!(percent(5), "0.05");
    }
}
