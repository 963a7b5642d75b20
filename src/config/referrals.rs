//! `REFERRAL_PERCENT` and `REFERRAL_PERCENT_2`: the referral commissions, off when unset.

use rust_decimal::Decimal;

use super::ConfigError;

/// The commission rates in basis points (500 = 5%) of what a brought customer kept paid for an
/// order: `first` to who brought them, `second` to who brought that one. `None` turns a level off.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReferralRates {
    pub first: Option<i64>,
    pub second: Option<i64>,
}

pub fn from_lookup(get: &impl Fn(&str) -> Option<String>) -> Result<ReferralRates, ConfigError> {
    let first = get("REFERRAL_PERCENT")
        .map(|raw| basis_points("REFERRAL_PERCENT", &raw))
        .transpose()?;
    let second = get("REFERRAL_PERCENT_2")
        .map(|raw| basis_points("REFERRAL_PERCENT_2", &raw))
        .transpose()?;
    if first.is_none() && second.is_some() {
        return Err(ConfigError::new(
            "REFERRAL_PERCENT_2",
            "is set without REFERRAL_PERCENT; the second level needs the first",
        ));
    }
    Ok(ReferralRates { first, second })
}

/// A percentage above 0 and at most 50, in hundredths of a percent at most.
fn basis_points(var: &str, raw: &str) -> Result<i64, ConfigError> {
    let parsed = raw.trim().trim_end_matches('%').parse::<Decimal>().ok();
    let bp = parsed
        .filter(|p| *p > Decimal::ZERO && *p <= Decimal::from(50))
        .map(|p| p * Decimal::from(100))
        .filter(|bp| bp.fract().is_zero())
        .and_then(|bp| i64::try_from(bp).ok());
    bp.ok_or_else(|| {
        ConfigError::new(
            var,
            format!("is {raw:?}; expected a percentage above 0 and at most 50, e.g. 5 or 2.5"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rates(pairs: &[(&str, &str)]) -> Result<ReferralRates, ConfigError> {
        let get = |k: &str| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| v.to_string());
        from_lookup(&get)
    }

    #[test]
    fn off_unless_set_and_read_in_basis_points() {
        assert_eq!(rates(&[]).unwrap(), ReferralRates::default());
        let both = rates(&[("REFERRAL_PERCENT", "5"), ("REFERRAL_PERCENT_2", "2.5%")]).unwrap();
        assert_eq!(
            both,
            ReferralRates {
                first: Some(500),
                second: Some(250)
            }
        );
    }

    #[test]
    fn nonsense_is_refused_by_name() {
        for (pairs, var) in [
            (&[("REFERRAL_PERCENT", "0")][..], "REFERRAL_PERCENT"),
            (&[("REFERRAL_PERCENT", "80")], "REFERRAL_PERCENT"),
            (&[("REFERRAL_PERCENT", "1.234")], "REFERRAL_PERCENT"),
            (&[("REFERRAL_PERCENT", "five")], "REFERRAL_PERCENT"),
            (&[("REFERRAL_PERCENT_2", "1")], "REFERRAL_PERCENT_2"),
        ] {
            assert_eq!(rates(pairs).unwrap_err().var, var);
        }
    }
}
