//! Admin reports: `/stats`, `/providers` and `/sync`. Routed behind the admin check; the figures
//! come from `crate::stats`, the chart from `crate::chart`, the texts from `views::reports`.

use std::sync::Arc;

use teloxide::prelude::*;
use teloxide::types::InputFile;
use tokio::sync::Notify;

use crate::bot::{HandlerResult, TgBot, Tr, views};
use crate::chart;
use crate::config::Config;
use crate::db::{Db, now};
use crate::error::Error;
use crate::pricing::Pricing;
use crate::providers::Providers;
use crate::stats::Stats;
use crate::stats::providers::{self as provider_stats, LowBalanceAlerts};
use crate::stats::sync::sync_and_compare;

/// `/stats`: the figures as text, then the chart of the last days.
pub async fn stats(bot: TgBot, msg: Message, tr: Tr, db: Db, config: Arc<Config>) -> HandlerResult {
    let currency = config.shop_currency.clone();
    let stats = Stats::load(&db, &currency, now()).await?;
    let (paid_minor, unrecovered_minor) = db.referral_totals().await?;
    let text = format!(
        "{}\n{}",
        views::reports::stats_text(&tr, &currency, &stats),
        views::referrals::admin_stats_line(&tr, &currency, paid_minor, unrecovered_minor)
    );
    bot.send_message(msg.chat.id, text).await?;
    let labels = views::reports::chart_labels(&tr, &currency);
    // Drawing is CPU work: off the async workers.
    let png = tokio::task::spawn_blocking(move || chart::render(&stats.daily, &currency, &labels))
        .await
        .map_err(|e| Error::Internal(format!("the chart task failed: {e}")))??;
    bot.send_photo(msg.chat.id, InputFile::memory(png).file_name("stats.png"))
        .caption(views::reports::chart_caption(&tr))
        .await?;
    Ok(())
}

/// `/providers`: each provider's balance, catalogue and health. The balances it reads also feed
/// the low-balance alert.
pub async fn providers(
    bot: TgBot,
    msg: Message,
    tr: Tr,
    db: Db,
    providers: Providers,
    config: Arc<Config>,
    notices_queued: Arc<Notify>,
) -> HandlerResult {
    let alerts = LowBalanceAlerts::from_config(&config);
    let (reports, alerted) = provider_stats::report(&db, &providers, &alerts).await?;
    if alerted {
        notices_queued.notify_one();
    }
    bot.send_message(msg.chat.id, views::reports::providers_text(&tr, &reports))
        .await?;
    Ok(())
}

/// `/sync`: syncs every provider now, one after the other, each with a message that says how
/// it is going; then a summary of what changed.
pub async fn sync(
    bot: TgBot,
    msg: Message,
    tr: Tr,
    db: Db,
    providers: Providers,
    config: Arc<Config>,
) -> HandlerResult {
    let pricing = Pricing::from_config(&config);
    let mut summary = Vec::new();
    for provider in provider_stats::by_name(&providers) {
        let progress = bot
            .send_message(msg.chat.id, views::reports::sync_running(&tr, &provider.name))
            .await?;
        let outcome = sync_and_compare(&db, provider, &pricing).await;
        if let Err(e) = &outcome {
            tracing::warn!(provider = %provider.name, error = %e, "catalogue sync asked by an admin failed");
        }
        let finished = views::reports::sync_finished(&tr, &provider.name, &outcome);
        bot.edit_message_text(msg.chat.id, progress.id, finished).await?;
        summary.push((provider.name.as_str(), outcome.ok()));
    }
    bot.send_message(msg.chat.id, views::reports::sync_summary(&tr, &summary))
        .await?;
    Ok(())
}
