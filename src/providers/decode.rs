//! One concern, kept whole: the lenient decoders over `serde_json::Value` that every adapter
//! shares.
//!
//! Real panels mix strings, numbers and booleans freely (`"rate":"0.90"` next to `"min":10`),
//! capitalise keys, and fill fields with `""` or `"N/A"`. Each decoder accepts every honest
//! spelling of a value and answers `None` for anything it would have to guess: money and
//! quantities are never invented, and never go through `f64`.

use std::str::FromStr;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde_json::Value;

use crate::vocabulary::ServiceKind;

use super::{Cap, RefillState, RemoteState};
use crate::error::ApiErrorKind;

/// Longest provider id we accept; anything longer is a blob, not an id.
const MAX_ID_LEN: usize = 128;

/// How many characters of a body [`snippet`] keeps.
const SNIPPET_CHARS: usize = 200;

/// Looks `key` up in an object, ignoring ASCII case (`"Status"` on some panels). An exact match
/// wins over a case-insensitive one. Anything but an object has no keys.
pub fn get<'a>(obj: &'a Value, key: &str) -> Option<&'a Value> {
    let map = obj.as_object()?;
    map.get(key).or_else(|| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}

/// An exact decimal from a JSON number (its own text, thanks to `arbitrary_precision`) or from a
/// numeric string. Comma decimals (`"0,90"`), thousands separators, `"N/A"`, `""` and anything
/// not in plain or scientific notation are refused rather than guessed.
pub fn decimal(v: &Value) -> Option<Decimal> {
    match v {
        Value::Number(n) => parse_decimal(&n.to_string()),
        Value::String(s) => parse_decimal(s.trim()),
        _ => None,
    }
}

/// A non-negative whole number; see [`int`] for what is accepted.
pub fn uint(v: &Value) -> Option<u64> {
    u64::try_from(integer(v)?).ok()
}

/// A whole number from a JSON number or a numeric string. `"1,000"` and `"1 000"` are read as
/// thousands only when every group has three digits; `"8.0"` is 8, `"8.5"` is refused, and a
/// string like `"1.000"` is refused because it reads as 1 or as 1000 depending on the locale.
pub fn int(v: &Value) -> Option<i64> {
    i64::try_from(integer(v)?).ok()
}

/// An opaque provider id (order, service) from a string or an integer, trimmed, case kept.
/// Zero, negative, empty and non-id values are refused: `{"order":0}` is not an order.
/// Ids with whitespace, control characters or commas are refused too, because ids travel
/// back to the provider in comma-separated lists.
pub fn id(v: &Value) -> Option<String> {
    let raw = match v {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) if n.is_u64() || n.is_i64() => n.to_string(),
        _ => return None,
    };
    let clean = !raw.is_empty()
        && raw.len() <= MAX_ID_LEN
        && !raw
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == ',');
    let not_positive = raw.parse::<i128>().is_ok_and(|n| n <= 0);
    (clean && !not_positive).then_some(raw)
}

/// Free text (names, categories, messages): a trimmed non-empty string, or a number's text.
pub fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => {
            let s = s.trim();
            (!s.is_empty()).then(|| s.to_string())
        }
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// `null` and `""` (or only spaces): what providers send for "not known yet", e.g. a
/// `start_count` before the start. Not a value, and never a 0.
pub fn is_blank(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// A field of `item` that only informs (a charge, a start count): absent or blank is `None`,
/// unreadable is `None` with a warning naming `provider`, `order` and `key`; never a made-up 0.
pub fn informational<T>(
    provider: &str,
    order: &str,
    item: &Value,
    key: &str,
    read: fn(&Value) -> Option<T>,
) -> Option<T> {
    let value = get(item, key).filter(|v| !is_blank(v))?;
    let decoded = read(value);
    if decoded.is_none() {
        tracing::warn!(provider, order, field = key, %value, "unreadable informational field ignored");
    }
    decoded
}

/// A capability flag: booleans, `1`/`0` and yes/no words; anything else (or absence) is Unknown.
pub fn cap(v: Option<&Value>) -> Cap {
    let word = match v {
        Some(Value::Bool(b)) => return if *b { Cap::Yes } else { Cap::No },
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::String(s)) => s.trim().to_ascii_lowercase(),
        _ => return Cap::Unknown,
    };
    match word.as_str() {
        "1" | "true" | "yes" => Cap::Yes,
        "0" | "false" | "no" => Cap::No,
        _ => Cap::Unknown,
    }
}

/// Lowercase, trimmed, with `_`, `-` and runs of whitespace turned into one space, so that
/// `"In_Progress"`, `"in-progress"` and `" in  progress "` compare equal.
pub fn normalize_words(raw: &str) -> String {
    raw.to_lowercase()
        .replace(['_', '-'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Reads a panel's service `type`: case, separators and stray spaces do not matter.
pub fn service_kind(raw: &str) -> ServiceKind {
    match normalize_words(raw).as_str() {
        "" | "default" => ServiceKind::Default,
        "package" => ServiceKind::Package,
        "custom comments" => ServiceKind::CustomComments,
        "poll" => ServiceKind::Poll,
        "subscriptions" => ServiceKind::Subscriptions,
        "referral" => ServiceKind::Referral,
        _ => ServiceKind::Unknown(raw.trim().to_string()),
    }
}

/// Maps a panel's status words to a [`RemoteState`] (providers.md §2): the generic exact table
/// first, then a word-level fallback that checks failure words before completion and progress
/// words ("Partially refunded" must not read as in progress), else `Unknown`.
///
/// Numeric codes mean different things on different providers, so they stay `Unknown` here;
/// an adapter with a documented code table maps them before calling this.
pub fn remote_state(raw: &str) -> RemoteState {
    let norm = normalize_words(raw);
    match norm.as_str() {
        "pending" | "awaiting" | "queued" => return RemoteState::Pending,
        "in progress" | "inprogress" | "processing" | "active" | "started" => {
            return RemoteState::InProgress;
        }
        "completed" | "complete" | "done" => return RemoteState::Completed,
        "partial" => return RemoteState::Partial,
        "canceled" | "cancelled" | "cancel" => return RemoteState::Canceled,
        "refunded" | "refund" => return RemoteState::Refunded,
        "fail" | "failed" | "error" => return RemoteState::Failed,
        _ => {}
    }

    // Whole words, not raw substrings: "incomplete" must not read as completed, and
    // "cancel requested" is not canceled yet. A negation makes the phrase unreadable.
    let words: Vec<&str> = norm.split(' ').collect();
    let has = |candidates: &[&str]| words.iter().any(|w| candidates.contains(w));
    if has(&["not", "no", "never"]) {
        return RemoteState::Unknown;
    }
    // Partial before refunded: a partly delivered order gets a proportional refund, not a full one.
    let ordered: [(&[&str], RemoteState); 7] = [
        (&["partial", "partially"], RemoteState::Partial),
        (&["refunded"], RemoteState::Refunded),
        (&["canceled", "cancelled"], RemoteState::Canceled),
        (
            &["fail", "failed", "failure", "error", "rejected"],
            RemoteState::Failed,
        ),
        (
            &[
                "completed",
                "complete",
                "done",
                "finished",
                "success",
                "successfully",
            ],
            RemoteState::Completed,
        ),
        (
            &[
                "progress",
                "inprogress",
                "processing",
                "active",
                "started",
                "running",
            ],
            RemoteState::InProgress,
        ),
        (
            &["pending", "awaiting", "queued", "waiting"],
            RemoteState::Pending,
        ),
    ];
    ordered
        .iter()
        .find(|(candidates, _)| has(candidates))
        .map_or(RemoteState::Unknown, |(_, state)| *state)
}

/// BratanREF's task status codes (v1 `task_info`, v2 `status`): 0 in work, 1 done, 2 canceled.
/// A cancel is read by how many referrals were `delivered` before it:
/// - none: Canceled, refunded in full;
/// - some: Partial (providers.md §3 #44), so that the refund covers only what was not delivered;
/// - not known (or a negative count): Unknown, because it cannot be told from a partial cancel
///   and a full refund could pay back delivered referrals.
///
/// Anything else is Unknown: these codes mean other things on other providers, so the generic
/// table never sees them.
pub fn bratanref_state(raw: &str, delivered: Option<i64>) -> RemoteState {
    match (raw.trim(), delivered) {
        ("0", _) => RemoteState::InProgress,
        ("1", _) => RemoteState::Completed,
        ("2", Some(0)) => RemoteState::Canceled,
        ("2", Some(n)) if n > 0 => RemoteState::Partial,
        _ => RemoteState::Unknown,
    }
}

/// Maps a refill's status words. Panels use the order vocabulary for refills (TmSMM lists the
/// same words plus "Rejected"), so the order table reads them, and its outcome is folded:
/// - Partial is Completed: the refill has run its course and nothing more will come of it;
///   the raw word stays in `raw_status` for what the customer is told.
/// - Canceled, Fail, Refunded and Rejected are Rejected: the refill will not happen.
pub fn refill_state(raw: &str) -> RefillState {
    match remote_state(raw) {
        RemoteState::Pending => RefillState::Pending,
        RemoteState::InProgress => RefillState::InProgress,
        RemoteState::Completed | RemoteState::Partial => RefillState::Completed,
        RemoteState::Canceled | RemoteState::Failed | RemoteState::Refunded => RefillState::Rejected,
        RemoteState::Unknown => RefillState::Unknown,
    }
}

/// Where a payload may sit: the answer itself, its `data`, or the first element of a list
/// (`{"status":"success","data":{...}}`, `[{...}]`).
pub fn payloads(answer: &Value) -> impl Iterator<Item = &Value> {
    [
        Some(answer),
        get(answer, "data"),
        answer.as_array().and_then(|items| items.first()),
    ]
    .into_iter()
    .flatten()
}

/// The order id an answer names, under `order` or `order_id`, wherever its payload sits.
/// Bogus ids (`0`, `""`, negative) name nothing.
pub fn order_id(answer: &Value) -> Option<String> {
    payloads(answer).find_map(|payload| {
        get(payload, "order")
            .or_else(|| get(payload, "order_id"))
            .and_then(id)
    })
}

/// Classifies a provider's error message, including raw i18n keys such as
/// `neworder.error.not_enough_funds`. The order of the checks matters: "Active order with this
/// link exists" is a duplicate, not a bad link; "Quantity too large for this service" is a
/// quantity problem, not a bad service.
pub fn api_error_kind(message: &str) -> ApiErrorKind {
    let norm = normalize_words(&message.replace('.', " "));
    let has = |needles: &[&str]| needles.iter().any(|n| norm.contains(n));
    if has(&["fund", "balance", "insufficient", "недостаточно", "баланс"]) {
        ApiErrorKind::InsufficientFunds
    } else if has(&["key", "token", "unauthori", "authenticat", "ключ"]) {
        ApiErrorKind::InvalidKey
    } else if has(&["active order", "already", "duplicate", "exists"]) {
        ApiErrorKind::DuplicateActiveOrder
    } else if has(&[
        "order id",
        "incorrect order",
        "invalid order",
        "order not found",
        "заказ",
        "incorrect refill",
        "refill not found",
    ]) {
        ApiErrorKind::OrderNotFound
    } else if has(&["link", "url", "ссылк"]) {
        ApiErrorKind::InvalidLink
    } else if has(&["quantity", "qty", "minimal", "maximal", "количеств"]) {
        ApiErrorKind::InvalidQuantity
    } else if has(&["service", "услуг", "сервис"]) {
        ApiErrorKind::InvalidService
    } else if has(&["action", "method", "not supported", "unsupported"]) {
        ApiErrorKind::NotSupported
    } else {
        ApiErrorKind::Other
    }
}

/// A short, single-line, printable excerpt of a body for errors and logs.
pub fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let line: String = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .filter(|c| !c.is_control())
        .collect();
    match line.char_indices().nth(SNIPPET_CHARS) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line,
    }
}

/// The message of a provider's "no", when the whole answer is one:
/// `{"error":"..."}`, `{"error":{"message":...}}`, `{"error":true,"message":...}`,
/// `{"status":"error","message":...}` (also BratanREF's `"BAD"` + `detail`) and FastAPI's
/// `{"detail":...}`. Only objects count: an array is a batch, and its items' errors are data
/// for the caller. `"error": null/false/""` (sent by some panels on success) is not an error.
pub fn top_level_error(v: &Value) -> Option<String> {
    v.as_object()?;
    match get(v, "error") {
        Some(Value::String(s)) if !s.trim().is_empty() => return Some(s.trim().to_string()),
        Some(err @ Value::Object(_)) => {
            return Some(message_of(err).unwrap_or_else(|| err.to_string()));
        }
        Some(Value::Bool(true)) => {
            return Some(message_of(v).unwrap_or_else(|| "error".to_string()));
        }
        _ => {}
    }
    let status = get(v, "status").and_then(text).map(|s| normalize_words(&s));
    if matches!(status.as_deref(), Some("error" | "bad" | "fail" | "failed")) {
        // A failure status alone may be an order status ("Fail"); a message makes it an error.
        if let Some(message) = message_of(v) {
            return Some(message);
        }
    }
    get(v, "detail").and_then(detail_text)
}

/// The human message inside an error object.
fn message_of(obj: &Value) -> Option<String> {
    ["message", "msg", "error_message", "description"]
        .iter()
        .find_map(|key| get(obj, key).and_then(text))
        .or_else(|| get(obj, "detail").and_then(detail_text))
}

/// FastAPI's `detail`: a string, or a list of `{loc, msg, type}` validation errors.
fn detail_text(detail: &Value) -> Option<String> {
    match detail {
        Value::Array(items) => {
            let messages: Vec<String> = items
                .iter()
                .filter_map(|item| get(item, "msg").and_then(text).or_else(|| text(item)))
                .collect();
            (!messages.is_empty()).then(|| messages.join("; "))
        }
        other => text(other),
    }
}

/// Plain (`-12.50`) or scientific (`1e-7`, `1.5E+3`) notation, nothing else.
fn parse_decimal(s: &str) -> Option<Decimal> {
    let (mantissa, exponent) = match s.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e)),
        None => (s, None),
    };
    let unsigned = mantissa.strip_prefix('-').unwrap_or(mantissa);
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (unsigned, None),
    };
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || fraction.is_some_and(|f| !digits(f)) {
        return None;
    }
    match exponent {
        None => Decimal::from_str_exact(s).ok(),
        Some(e) => {
            let e_digits = e.strip_prefix(['+', '-']).unwrap_or(e);
            // Decimal holds at most 28 fractional digits; longer exponents are junk.
            (digits(e_digits) && e_digits.len() <= 2)
                .then(|| Decimal::from_scientific(s).ok())
                .flatten()
        }
    }
}

/// The shared whole-number reading behind [`int`] and [`uint`], wide enough to range-check.
fn integer(v: &Value) -> Option<i128> {
    let text = match v {
        Value::Number(n) => n.to_string(),
        Value::String(s) => {
            let s = s.trim();
            if let Some(joined) = without_thousands_separators(s) {
                return joined.parse().ok();
            }
            if looks_like_dot_thousands(s) {
                return None;
            }
            s.to_string()
        }
        _ => return None,
    };
    if let Ok(n) = i128::from_str(&text) {
        // `from_str` also takes a leading '+', which we do not read as a number ("+12" remains).
        return (!text.starts_with('+')).then_some(n);
    }
    let d = parse_decimal(&text)?;
    if d.fract().is_zero() { d.to_i128() } else { None }
}

/// `"1,000"`, `"-12 345 678"` (also with no-break spaces) → the digits alone, when every group
/// after the first has exactly three digits and one separator is used throughout.
fn without_thousands_separators(s: &str) -> Option<String> {
    let unsigned = s.strip_prefix('-').unwrap_or(s);
    let separator = unsigned
        .chars()
        .find(|c| matches!(c, ',' | ' ' | '\u{a0}' | '\u{202f}'))?;
    let mut groups = unsigned.split(separator);
    let first = groups.next()?;
    let is_digits = |g: &str| g.bytes().all(|b| b.is_ascii_digit());
    let first_ok = (1..=3).contains(&first.len()) && is_digits(first);
    let rest_ok = groups.all(|g| g.len() == 3 && is_digits(g));
    (first_ok && rest_ok).then(|| s.replace(separator, ""))
}

/// `"1.000"` or `"12.500.000"`: a dot used as a thousands separator in some locales.
fn looks_like_dot_thousands(s: &str) -> bool {
    let mut groups = s.split('.');
    let first = groups.next().unwrap_or_default();
    let rest: Vec<&str> = groups.collect();
    !rest.is_empty()
        && (1..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_digit())
        && rest
            .iter()
            .all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parsed(text: &str) -> Value {
        serde_json::from_str(text).unwrap()
    }

    fn dec(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    #[test]
    fn get_ignores_key_case_and_prefers_an_exact_match() {
        let v = json!({"Status": "Completed", "rate": "1", "RATE": "2"});
        assert_eq!(get(&v, "status"), Some(&json!("Completed")));
        assert_eq!(get(&v, "rate"), Some(&json!("1")));
        assert_eq!(get(&v, "missing"), None);
        assert_eq!(get(&json!([1, 2]), "0"), None);
        assert_eq!(get(&json!("status"), "status"), None);
    }

    #[test]
    fn decimal_reads_numbers_from_their_exact_text() {
        // §23: strings and numbers alike; 0.1 stays 0.1 (never through f64).
        assert_eq!(decimal(&parsed("0.1")), Some(dec("0.1")));
        assert_eq!(decimal(&parsed("8.0")), Some(dec("8.0")));
        assert_eq!(decimal(&parsed("50")), Some(dec("50")));
        assert_eq!(decimal(&json!("0.90")), Some(dec("0.90")));
        assert_eq!(decimal(&json!(" 1890.00 ")), Some(dec("1890.00")));
        assert_eq!(decimal(&json!("-3.5")), Some(dec("-3.5")));
        // §26: tiny and seven-decimal amounts survive exactly.
        assert_eq!(decimal(&json!("0.0000001")), Some(dec("0.0000001")));
        assert_eq!(decimal(&json!("0.2781912")), Some(dec("0.2781912")));
        assert_eq!(
            decimal(&parsed("0.12345678901234567890")),
            Some(dec("0.12345678901234567890"))
        );
    }

    #[test]
    fn decimal_accepts_unambiguous_scientific_notation() {
        assert_eq!(decimal(&json!("1e-7")), Some(dec("0.0000001")));
        assert_eq!(decimal(&parsed("1.0e-7")), Some(dec("0.0000001")));
        assert_eq!(decimal(&json!("1.5E+3")), Some(dec("1500")));
    }

    #[test]
    fn decimal_refuses_what_it_would_have_to_guess() {
        // §24, §25: comma decimals, separators, junk and empties are not money.
        for junk in [
            "", " ", "N/A", "0,90", "1,000.50", "1 000", "80k", "+12", ".5", "5.", "1.2.3", "1e", "e5",
            "1e5e3", "1e999", "1e-", "NaN", "inf", "0x10", "--1", "1_000",
        ] {
            assert_eq!(decimal(&json!(junk)), None, "{junk:?}");
        }
        assert_eq!(decimal(&Value::Null), None);
        assert_eq!(decimal(&json!(true)), None);
        assert_eq!(decimal(&json!({"amount": "1"})), None);
        // §26: beyond Decimal's range is refused, not wrapped or rounded.
        assert_eq!(decimal(&json!("100000000000000000000000000000")), None);
    }

    #[test]
    fn uint_and_int_read_whole_numbers() {
        assert_eq!(uint(&json!(50)), Some(50));
        assert_eq!(uint(&json!("50")), Some(50));
        assert_eq!(uint(&json!(" 10000 ")), Some(10000));
        assert_eq!(uint(&parsed("8.0")), Some(8));
        assert_eq!(uint(&json!("10.0000")), Some(10));
        assert_eq!(uint(&parsed("1e3")), Some(1000));
        // §26: big limits fit; overflow is refused.
        assert_eq!(uint(&json!(2147483647)), Some(2147483647));
        assert_eq!(uint(&json!("100000000000")), Some(100000000000));
        assert_eq!(uint(&json!("18446744073709551616")), None);
        assert_eq!(int(&json!("9223372036854775808")), None);
        // §27: negatives are fine for int (over-delivery), never for uint.
        assert_eq!(int(&json!("-12")), Some(-12));
        assert_eq!(int(&json!(-3)), Some(-3));
        assert_eq!(uint(&json!("-12")), None);
        assert_eq!(uint(&json!(-3)), None);
    }

    #[test]
    fn integers_accept_only_unambiguous_thousands() {
        // §24: `^\d{1,3}([ ,]\d{3})+$` with one separator throughout.
        assert_eq!(uint(&json!("1,000")), Some(1000));
        assert_eq!(uint(&json!("1 000")), Some(1000));
        assert_eq!(uint(&json!("1\u{a0}000\u{a0}000")), Some(1_000_000));
        assert_eq!(int(&json!("-12,345")), Some(-12345));
        for ambiguous in [
            "1,5",
            "1,0000",
            "1,00,000",
            "1,000 000",
            ",000",
            "1.000",
            "12.500.000",
        ] {
            assert_eq!(uint(&json!(ambiguous)), None, "{ambiguous:?}");
        }
    }

    #[test]
    fn integers_refuse_junk() {
        // §25: never 0 by default.
        for junk in ["", "N/A", "80k", "+12", "8.5", "1e", "abc", "12abc"] {
            assert_eq!(int(&json!(junk)), None, "{junk:?}");
        }
        assert_eq!(int(&parsed("8.5")), None);
        assert_eq!(int(&Value::Null), None);
        assert_eq!(int(&json!(false)), None);
    }

    #[test]
    fn id_keeps_opaque_ids_and_refuses_bogus_ones() {
        assert_eq!(id(&json!(23501)), Some("23501".into()));
        assert_eq!(id(&json!("65ae5538afdd1")), Some("65ae5538afdd1".into()));
        assert_eq!(id(&json!(" ORD_01HG9X7KJP4N ")), Some("ORD_01HG9X7KJP4N".into()));
        assert_eq!(id(&json!("007")), Some("007".into()));
        // §32: zero, empty, null and negative are not ids.
        for bogus in [
            json!(0),
            json!("0"),
            json!("00"),
            json!(""),
            json!("  "),
            json!(-5),
        ] {
            assert_eq!(id(&bogus), None, "{bogus}");
        }
        assert_eq!(id(&json!("-5")), None);
        assert_eq!(id(&Value::Null), None);
        assert_eq!(id(&parsed("23501.0")), None);
        assert_eq!(id(&json!(true)), None);
        assert_eq!(id(&json!({"id": 1})), None);
        // Would break a comma-separated `orders=` list.
        assert_eq!(id(&json!("1,2")), None);
        assert_eq!(id(&json!("a b")), None);
        assert_eq!(id(&json!("x".repeat(MAX_ID_LEN + 1))), None);
    }

    #[test]
    fn text_is_trimmed_and_never_empty() {
        assert_eq!(text(&json!("  Telegram  ")), Some("Telegram".into()));
        assert_eq!(text(&json!(117)), Some("117".into()));
        assert_eq!(text(&json!("")), None);
        assert_eq!(text(&Value::Null), None);
        assert_eq!(text(&json!(["a"])), None);
    }

    #[test]
    fn blank_is_null_or_empty_text_only() {
        for blank in [Value::Null, json!(""), json!("  ")] {
            assert!(is_blank(&blank), "{blank}");
        }
        for value in [json!(0), json!("0"), json!(false), json!([]), json!({})] {
            assert!(!is_blank(&value), "{value}");
        }
    }

    /// Everything `tracing` writes while `f` runs, as text.
    fn logged<T>(f: impl FnOnce() -> T) -> (T, String) {
        #[derive(Clone, Default)]
        struct Sink(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);
        impl std::io::Write for Sink {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                self.0.lock().unwrap().extend_from_slice(buf);
                Ok(buf.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let sink = Sink::default();
        let writer = sink.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish();
        let result = tracing::subscriber::with_default(subscriber, f);
        let text = String::from_utf8(sink.0.lock().unwrap().clone()).unwrap();
        (result, text)
    }

    #[test]
    fn informational_fields_are_read_or_absent_never_zero() {
        let item = json!({
            "Charge": "0.27819", "start_count": null, "remains": "", "quantity": "N/A", "cost": [1]
        });
        let read = |key| logged(|| informational("tmsmm", "1000", &item, key, int));
        // Readable: read, whatever the key's case; absent and blank: quietly absent.
        assert_eq!(
            logged(|| informational("tmsmm", "1000", &item, "charge", decimal)),
            (Some(dec("0.27819")), String::new())
        );
        for key in ["start_count", "remains", "missing"] {
            assert_eq!(read(key), (None, String::new()), "{key}");
        }
        // Unreadable: absent, with a warning naming the provider, the order and the field.
        for key in ["quantity", "cost"] {
            let (value, log) = read(key);
            assert_eq!(value, None, "{key}");
            assert!(log.contains("WARN"), "{log}");
            for words in [
                "provider=\"tmsmm\"",
                "order=\"1000\"",
                &format!("field=\"{key}\""),
            ] {
                assert!(log.contains(words), "{words} in {log}");
            }
        }
    }

    #[test]
    fn cap_is_tri_state() {
        // §38.
        for yes in [
            json!(true),
            json!("1"),
            json!(1),
            json!("true"),
            json!("YES"),
            json!(" yes "),
        ] {
            assert_eq!(cap(Some(&yes)), Cap::Yes, "{yes}");
        }
        for no in [json!(false), json!("0"), json!(0), json!("False"), json!("no")] {
            assert_eq!(cap(Some(&no)), Cap::No, "{no}");
        }
        for other in [json!(2), json!("maybe"), json!(""), Value::Null, json!([])] {
            assert_eq!(cap(Some(&other)), Cap::Unknown, "{other}");
        }
        assert_eq!(cap(None), Cap::Unknown);
    }

    #[test]
    fn normalize_words_collapses_separators() {
        // §37.
        assert_eq!(normalize_words("Subscriptions "), "subscriptions");
        assert_eq!(normalize_words("custom_comments"), "custom comments");
        assert_eq!(normalize_words(" In--Progress  now "), "in progress now");
        assert_eq!(normalize_words("ОЖИДАНИЕ"), "ожидание");
        assert_eq!(normalize_words(""), "");
    }

    #[test]
    fn remote_state_uses_the_generic_table() {
        let cases = [
            ("Pending", RemoteState::Pending),
            ("Awaiting", RemoteState::Pending),
            ("queued", RemoteState::Pending),
            ("In progress", RemoteState::InProgress),
            ("in_progress", RemoteState::InProgress),
            ("InProgress", RemoteState::InProgress),
            ("Processing", RemoteState::InProgress),
            ("Active", RemoteState::InProgress),
            ("Completed", RemoteState::Completed),
            ("done", RemoteState::Completed),
            ("Partial", RemoteState::Partial),
            ("Canceled", RemoteState::Canceled),
            ("Cancelled", RemoteState::Canceled),
            ("Refunded", RemoteState::Refunded),
            ("Fail", RemoteState::Failed),
            ("Error", RemoteState::Failed),
        ];
        for (raw, state) in cases {
            assert_eq!(remote_state(raw), state, "{raw:?}");
        }
    }

    #[test]
    fn remote_state_falls_back_to_words_failures_first() {
        let cases = [
            ("Partially refunded", RemoteState::Partial),
            ("Partially completed", RemoteState::Partial),
            ("Canceled and refunded", RemoteState::Refunded),
            ("Order failed", RemoteState::Failed),
            ("Rejected by moderator", RemoteState::Failed),
            ("Completed successfully", RemoteState::Completed),
            ("Processing payment", RemoteState::InProgress),
            ("Waiting for start", RemoteState::Pending),
            ("Refund pending", RemoteState::Pending),
        ];
        for (raw, state) in cases {
            assert_eq!(remote_state(raw), state, "{raw:?}");
        }
    }

    #[test]
    fn remote_state_keeps_the_unreadable_unknown() {
        // §40: never silently Pending. §41: numeric codes are provider-specific.
        for raw in [
            "",
            "2",
            "Moderation",
            "Incomplete",
            "Cancel requested",
            "Not completed",
            "Cancelling",
        ] {
            assert_eq!(remote_state(raw), RemoteState::Unknown, "{raw:?}");
        }
    }

    #[test]
    fn bratanref_codes_are_read_by_their_own_table() {
        // §41, §44.
        let cases = [
            ("0", None, RemoteState::InProgress),
            ("1", Some(3), RemoteState::Completed),
            ("0", Some(0), RemoteState::InProgress),
            ("1", None, RemoteState::Completed),
            ("2", Some(0), RemoteState::Canceled),
            (" 2", Some(0), RemoteState::Canceled),
            ("2", Some(2), RemoteState::Partial),
            (" 2 ", Some(1), RemoteState::Partial),
            // A cancel that hides its delivery could be a partial one: never a full refund.
            ("2", None, RemoteState::Unknown),
            ("2", Some(-1), RemoteState::Unknown),
            ("3", None, RemoteState::Unknown),
            ("Completed", None, RemoteState::Unknown),
            ("2.0", None, RemoteState::Unknown),
        ];
        for (raw, delivered, state) in cases {
            assert_eq!(bratanref_state(raw, delivered), state, "{raw:?} {delivered:?}");
        }
    }

    #[test]
    fn refill_states_fold_into_requested_running_done_or_rejected() {
        let cases = [
            ("Pending", RefillState::Pending),
            ("Awaiting", RefillState::Pending),
            ("In progress", RefillState::InProgress),
            ("Completed", RefillState::Completed),
            ("Partial", RefillState::Completed),
            ("Rejected", RefillState::Rejected),
            ("Canceled", RefillState::Rejected),
            ("Fail", RefillState::Rejected),
            ("Refunded", RefillState::Rejected),
            ("Moderation", RefillState::Unknown),
            ("1", RefillState::Unknown),
        ];
        for (raw, state) in cases {
            assert_eq!(refill_state(raw), state, "{raw:?}");
        }
    }

    #[test]
    fn api_error_kind_classifies_typical_messages() {
        let cases = [
            ("Invalid API key", ApiErrorKind::InvalidKey),
            ("Incorrect API key", ApiErrorKind::InvalidKey),
            ("Unauthorized", ApiErrorKind::InvalidKey),
            ("Not enough funds on balance", ApiErrorKind::InsufficientFunds),
            ("Low balance", ApiErrorKind::InsufficientFunds),
            ("neworder.error.not_enough_funds", ApiErrorKind::InsufficientFunds),
            ("Недостаточно средств", ApiErrorKind::InsufficientFunds),
            ("Incorrect service ID", ApiErrorKind::InvalidService),
            ("error.incorrect_service_id", ApiErrorKind::InvalidService),
            ("Incorrect link", ApiErrorKind::InvalidLink),
            ("Bad Link", ApiErrorKind::InvalidLink),
            ("Incorrect quantity", ApiErrorKind::InvalidQuantity),
            ("Quantity less than minimal 10", ApiErrorKind::InvalidQuantity),
            (
                "Quantity too large for this service",
                ApiErrorKind::InvalidQuantity,
            ),
            (
                "Active order with this link exists",
                ApiErrorKind::DuplicateActiveOrder,
            ),
            ("Incorrect order ID", ApiErrorKind::OrderNotFound),
            ("Order not found", ApiErrorKind::OrderNotFound),
            ("Refill not found", ApiErrorKind::OrderNotFound),
            ("Incorrect refill ID", ApiErrorKind::OrderNotFound),
            ("Wrong action", ApiErrorKind::NotSupported),
            ("Incorrect request", ApiErrorKind::Other),
            ("", ApiErrorKind::Other),
        ];
        for (message, kind) in cases {
            assert_eq!(api_error_kind(message), kind, "{message:?}");
        }
    }

    #[test]
    fn snippet_is_one_short_printable_line() {
        assert_eq!(
            snippet(b"  <h1>502\n\tBad   Gateway</h1> "),
            "<h1>502 Bad Gateway</h1>"
        );
        assert_eq!(snippet(b"caf\xe9"), "caf\u{fffd}");
        assert_eq!(snippet(b""), "");
        let long = "ж".repeat(500);
        let cut = snippet(long.as_bytes());
        assert_eq!(cut.chars().count(), SNIPPET_CHARS + 1);
        assert!(cut.ends_with('…'));
        assert_eq!(snippet("a\u{0}b".as_bytes()), "ab");
    }

    #[test]
    fn top_level_error_recognises_refusal_shapes() {
        let cases = [
            (json!({"error": "Invalid API key"}), "Invalid API key"),
            (json!({"error": "low balance", "order": 32}), "low balance"),
            (json!({"error": {"code": 3, "message": "Bad Link"}}), "Bad Link"),
            (json!({"error": {"code": 3}}), r#"{"code":3}"#),
            (json!({"error": true, "message": "Wrong action"}), "Wrong action"),
            (
                json!({"status": "error", "message": "Incorrect request"}),
                "Incorrect request",
            ),
            (
                json!({"status": "BAD", "error_code": 101, "detail": "No money"}),
                "No money",
            ),
            (json!({"detail": "Not authenticated"}), "Not authenticated"),
            (
                json!({"detail": [{"loc": ["body", "url"], "msg": "field required", "type": "x"}]}),
                "field required",
            ),
            (json!({"Error": "Incorrect order ID"}), "Incorrect order ID"),
        ];
        for (answer, message) in cases {
            assert_eq!(top_level_error(&answer).as_deref(), Some(message), "{answer}");
        }
    }

    #[test]
    fn top_level_error_ignores_success_and_batch_items() {
        let answers = [
            json!({"order": 23501}),
            json!({"order": 1, "error": null}),
            json!({"order": 1, "error": ""}),
            json!({"order": 1, "error": false}),
            json!({"charge": "1", "status": "Fail", "remains": "0"}),
            json!({"status": "success", "order": 32}),
            // Per-item errors inside a batch are data, not a refusal of the whole call.
            json!({"1": {"status": "Completed"}, "10": {"error": "Incorrect order ID"}}),
            json!([{"order": 3, "refill": {"error": "Incorrect order ID"}}]),
            json!([{"error": "Incorrect order ID"}]),
            json!("error"),
            json!([]),
        ];
        for answer in answers {
            assert_eq!(top_level_error(&answer), None, "{answer}");
        }
    }

    #[test]
    fn order_ids_are_found_under_either_name_and_in_wrappers() {
        for answer in [
            json!({"order": 32}),
            json!({"order_id": "32"}),
            json!({"status": "success", "data": {"order": 32}}),
            json!([{"order": "32"}]),
        ] {
            assert_eq!(order_id(&answer).as_deref(), Some("32"), "{answer}");
        }
        for answer in [
            json!({"order": 0}),
            json!({"order": ""}),
            json!({"status": "ok"}),
            json!([]),
        ] {
            assert_eq!(order_id(&answer), None, "{answer}");
        }
    }
}
