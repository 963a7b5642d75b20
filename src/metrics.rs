//! What the bot counts about itself, rendered in Prometheus' text format (the endpoint that
//! serves it is `app::monitoring`). Counters live in memory and start from zero at each start,
//! as Prometheus expects; the orders by state are handed in by the caller at each render.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use crate::vocabulary::OrderState;

/// Upper bounds (seconds) of the latency histograms' buckets: from a cached screen to a slow
/// provider.
const LATENCY_BUCKETS: [f64; 12] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

/// How the dispatcher finished with one update.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum UpdateOutcome {
    Handled,
    /// No branch of the routing wanted it (a sticker, an edited message).
    Ignored,
    Failed,
}

impl UpdateOutcome {
    fn label(self) -> &'static str {
        match self {
            Self::Handled => "handled",
            Self::Ignored => "ignored",
            Self::Failed => "failed",
        }
    }
}

/// The bot's counters; share one `Arc<Metrics>` between the parts that report.
#[derive(Debug, Default)]
pub struct Metrics {
    inner: Mutex<Counters>,
}

#[derive(Debug, Default, Clone)]
struct Counters {
    updates: BTreeMap<UpdateOutcome, u64>,
    handler_latency: Histogram,
    /// (provider, operation) → calls.
    provider_calls: BTreeMap<(String, &'static str), u64>,
    /// (provider, operation, error kind) → failed calls.
    provider_errors: BTreeMap<(String, &'static str, &'static str), u64>,
    provider_latency: BTreeMap<String, Histogram>,
    notifications_sent: u64,
    /// Sends that failed and will be tried again.
    notifications_failed: u64,
    /// Notices that will never be sent: failed too often, or to a reader who blocked the bot.
    notifications_given_up: u64,
    webhook_refused: u64,
    /// Crypto Pay webhook requests refused for a missing or wrong signature.
    cryptopay_refused: u64,
    /// Unix seconds of the last poll round that finished.
    last_successful_poll: Option<i64>,
    /// Broken money invariants the last audit found (`None` before the first audit).
    audit_findings: Option<usize>,
}

#[derive(Debug, Default, Clone)]
struct Histogram {
    /// Observations per bucket of [`LATENCY_BUCKETS`] (not cumulative); the last is `+Inf`.
    buckets: [u64; LATENCY_BUCKETS.len() + 1],
    sum: Duration,
    count: u64,
}

impl Histogram {
    fn observe(&mut self, elapsed: Duration) {
        let seconds = elapsed.as_secs_f64();
        let bucket = LATENCY_BUCKETS
            .iter()
            .position(|bound| seconds <= *bound)
            .unwrap_or(LATENCY_BUCKETS.len());
        self.buckets[bucket] += 1;
        self.sum += elapsed;
        self.count += 1;
    }

    /// Writes `name_bucket`, `name_sum` and `name_count` lines with `labels` (already
    /// rendered, `key="value"` pairs, or empty).
    fn render(&self, out: &mut String, name: &str, labels: &str) {
        let sep = if labels.is_empty() { "" } else { "," };
        let mut cumulative = 0;
        for (i, count) in self.buckets.iter().enumerate() {
            cumulative += count;
            let bound = LATENCY_BUCKETS
                .get(i)
                .map_or_else(|| "+Inf".to_string(), f64::to_string);
            let _ = writeln!(out, "{name}_bucket{{{labels}{sep}le=\"{bound}\"}} {cumulative}");
        }
        let braces = if labels.is_empty() {
            String::new()
        } else {
            format!("{{{labels}}}")
        };
        let _ = writeln!(out, "{name}_sum{braces} {}", self.sum.as_secs_f64());
        let _ = writeln!(out, "{name}_count{braces} {}", self.count);
    }
}

impl Metrics {
    fn counters(&self) -> MutexGuard<'_, Counters> {
        // A panic elsewhere while counting leaves numbers that are still worth serving.
        self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn update_done(&self, outcome: UpdateOutcome, elapsed: Duration) {
        let mut counters = self.counters();
        *counters.updates.entry(outcome).or_default() += 1;
        counters.handler_latency.observe(elapsed);
    }

    /// One call to a provider's API; `error` is the failure's kind, `None` for an answer.
    pub fn provider_call(
        &self,
        provider: &str,
        operation: &'static str,
        error: Option<&'static str>,
        elapsed: Duration,
    ) {
        let mut counters = self.counters();
        *counters
            .provider_calls
            .entry((provider.to_string(), operation))
            .or_default() += 1;
        if let Some(kind) = error {
            *counters
                .provider_errors
                .entry((provider.to_string(), operation, kind))
                .or_default() += 1;
        }
        counters
            .provider_latency
            .entry(provider.to_string())
            .or_default()
            .observe(elapsed);
    }

    pub fn notifications(&self, sent: usize, failed: usize, given_up: usize) {
        let mut counters = self.counters();
        counters.notifications_sent += sent as u64;
        counters.notifications_failed += failed as u64;
        counters.notifications_given_up += given_up as u64;
    }

    pub fn webhook_refused(&self) {
        self.counters().webhook_refused += 1;
    }

    pub fn cryptopay_webhook_refused(&self) {
        self.counters().cryptopay_refused += 1;
    }

    pub fn poll_succeeded(&self, at: i64) {
        self.counters().last_successful_poll = Some(at);
    }

    /// The money audit ran and found `findings` broken invariants.
    pub fn audited(&self, findings: usize) {
        self.counters().audit_findings = Some(findings);
    }

    pub fn last_successful_poll(&self) -> Option<i64> {
        self.counters().last_successful_poll
    }

    /// Everything in Prometheus' text exposition format, with `orders` (state → count) as
    /// the orders gauge.
    pub fn render(&self, orders: &BTreeMap<String, i64>) -> String {
        // A copy, so that no update or provider call waits while the text is written.
        let counters = self.counters().clone();
        let mut out = String::new();
        header(&mut out, "smmbot_build_info", "gauge", "The running version.");
        let _ = writeln!(
            out,
            "smmbot_build_info{{version=\"{}\"}} 1",
            env!("CARGO_PKG_VERSION")
        );

        header(
            &mut out,
            "smmbot_updates_total",
            "counter",
            "Telegram updates the dispatcher finished with, by outcome.",
        );
        for outcome in [
            UpdateOutcome::Handled,
            UpdateOutcome::Ignored,
            UpdateOutcome::Failed,
        ] {
            let count = counters.updates.get(&outcome).copied().unwrap_or(0);
            let _ = writeln!(
                out,
                "smmbot_updates_total{{outcome=\"{}\"}} {count}",
                outcome.label()
            );
        }
        header(
            &mut out,
            "smmbot_handler_duration_seconds",
            "histogram",
            "How long handling an update took, from the start of its handler to the end.",
        );
        counters
            .handler_latency
            .render(&mut out, "smmbot_handler_duration_seconds", "");

        header(
            &mut out,
            "smmbot_orders",
            "gauge",
            "Orders in the database, by state.",
        );
        for state in OrderState::ALL {
            let count = orders.get(state.as_str()).copied().unwrap_or(0);
            let _ = writeln!(out, "smmbot_orders{{state=\"{}\"}} {count}", state.as_str());
        }
        // A state written by another version is still counted, under its own name.
        for (state, count) in orders {
            if !OrderState::ALL.iter().any(|s| s.as_str() == state) {
                let _ = writeln!(out, "smmbot_orders{{state=\"{}\"}} {count}", escape(state));
            }
        }

        if let Some(findings) = counters.audit_findings {
            header(
                &mut out,
                "smmbot_audit_findings",
                "gauge",
                "Broken money invariants the last audit found (see `smmbot audit`); 0 is healthy.",
            );
            let _ = writeln!(out, "smmbot_audit_findings {findings}");
        }

        header(
            &mut out,
            "smmbot_provider_requests_total",
            "counter",
            "Calls to providers' APIs, by provider and operation.",
        );
        for ((provider, operation), count) in &counters.provider_calls {
            let _ = writeln!(
                out,
                "smmbot_provider_requests_total{{provider=\"{}\",operation=\"{operation}\"}} {count}",
                escape(provider)
            );
        }
        header(
            &mut out,
            "smmbot_provider_errors_total",
            "counter",
            "Provider calls that gave no usable answer, by provider, operation and kind.",
        );
        for ((provider, operation, kind), count) in &counters.provider_errors {
            let _ = writeln!(
                out,
                "smmbot_provider_errors_total{{provider=\"{}\",operation=\"{operation}\",kind=\"{kind}\"}} {count}",
                escape(provider)
            );
        }
        header(
            &mut out,
            "smmbot_provider_request_duration_seconds",
            "histogram",
            "How long provider calls took, by provider.",
        );
        for (provider, histogram) in &counters.provider_latency {
            histogram.render(
                &mut out,
                "smmbot_provider_request_duration_seconds",
                &format!("provider=\"{}\"", escape(provider)),
            );
        }

        header(
            &mut out,
            "smmbot_notifications_total",
            "counter",
            "Notices to customers and admins: sent, failed (tried again later), given up.",
        );
        for (outcome, count) in [
            ("sent", counters.notifications_sent),
            ("failed", counters.notifications_failed),
            ("given_up", counters.notifications_given_up),
        ] {
            let _ = writeln!(out, "smmbot_notifications_total{{outcome=\"{outcome}\"}} {count}");
        }
        header(
            &mut out,
            "smmbot_webhook_refused_total",
            "counter",
            "Webhook requests refused for a missing or wrong secret token.",
        );
        let _ = writeln!(out, "smmbot_webhook_refused_total {}", counters.webhook_refused);
        header(
            &mut out,
            "smmbot_cryptopay_webhook_refused_total",
            "counter",
            "Crypto Pay webhook requests refused for a missing or wrong signature.",
        );
        let _ = writeln!(
            out,
            "smmbot_cryptopay_webhook_refused_total {}",
            counters.cryptopay_refused
        );
        header(
            &mut out,
            "smmbot_last_successful_poll_timestamp_seconds",
            "gauge",
            "When the status poller last finished a round (unix time; 0: not yet).",
        );
        let _ = writeln!(
            out,
            "smmbot_last_successful_poll_timestamp_seconds {}",
            counters.last_successful_poll.unwrap_or(0)
        );
        out
    }
}

/// The `# HELP` and `# TYPE` lines that open a metric family.
fn header(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
}

/// A label value as the exposition format wants it.
fn escape(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histograms_are_cumulative_and_end_in_inf() {
        let metrics = Metrics::default();
        metrics.update_done(UpdateOutcome::Handled, Duration::from_millis(3));
        metrics.update_done(UpdateOutcome::Handled, Duration::from_millis(40));
        metrics.update_done(UpdateOutcome::Failed, Duration::from_secs(100));
        let text = metrics.render(&BTreeMap::new());
        assert!(
            text.contains("smmbot_handler_duration_seconds_bucket{le=\"0.005\"} 1\n"),
            "{text}"
        );
        assert!(
            text.contains("smmbot_handler_duration_seconds_bucket{le=\"0.05\"} 2\n"),
            "{text}"
        );
        assert!(
            text.contains("smmbot_handler_duration_seconds_bucket{le=\"30\"} 2\n"),
            "{text}"
        );
        assert!(
            text.contains("smmbot_handler_duration_seconds_bucket{le=\"+Inf\"} 3\n"),
            "{text}"
        );
        assert!(
            text.contains("smmbot_handler_duration_seconds_count 3\n"),
            "{text}"
        );
        assert!(
            text.contains("smmbot_updates_total{outcome=\"handled\"} 2\n"),
            "{text}"
        );
        assert!(
            text.contains("smmbot_updates_total{outcome=\"failed\"} 1\n"),
            "{text}"
        );
    }

    #[test]
    fn every_order_state_is_reported_and_odd_ones_are_escaped() {
        let orders = BTreeMap::from([("placed".to_string(), 4), ("we\"ird".to_string(), 1)]);
        let text = Metrics::default().render(&orders);
        assert!(text.contains("smmbot_orders{state=\"placed\"} 4\n"), "{text}");
        assert!(text.contains("smmbot_orders{state=\"submitting\"} 0\n"), "{text}");
        assert!(text.contains("smmbot_orders{state=\"we\\\"ird\"} 1\n"), "{text}");
    }

    #[test]
    fn provider_calls_count_errors_by_kind() {
        let metrics = Metrics::default();
        metrics.provider_call("tm", "status", None, Duration::from_millis(80));
        metrics.provider_call("tm", "status", Some("timeout"), Duration::from_secs(20));
        let text = metrics.render(&BTreeMap::new());
        assert!(text.contains("smmbot_provider_requests_total{provider=\"tm\",operation=\"status\"} 2\n"));
        assert!(text.contains(
            "smmbot_provider_errors_total{provider=\"tm\",operation=\"status\",kind=\"timeout\"} 1\n"
        ));
        assert!(text.contains("smmbot_provider_request_duration_seconds_count{provider=\"tm\"} 2\n"));
    }
}
