//! A period to look back on: a calendar quarter (`2026-Q3`) or a year (`2026`), its days,
//! the one before it, and the one spelling of its name. Pure dates; no storage.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The years a period may name: a hostile or mistyped `99999-Q1` is refused rather than
/// overflowing a date.
const YEARS: std::ops::RangeInclusive<i32> = 1970..=9999;

/// A calendar quarter or year (local dates).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Period {
    /// Quarter 1–4 of a year: January–March, April–June, July–September, October–December.
    Quarter {
        /// The year.
        year: i32,
        /// 1–4.
        quarter: u8,
    },
    /// A whole year.
    Year(i32),
}

impl Period {
    /// The quarter holding `date`.
    pub fn quarter_of(date: NaiveDate) -> Period {
        Period::Quarter {
            year: date.year(),
            quarter: (date.month0() / 3 + 1) as u8,
        }
    }

    /// The period's first day.
    pub fn first_day(self) -> NaiveDate {
        let (year, month) = match self {
            Period::Quarter { year, quarter } => (year, u32::from(quarter) * 3 - 2),
            Period::Year(year) => (year, 1),
        };
        NaiveDate::from_ymd_opt(year, month, 1).expect("a checked period has valid dates")
    }

    /// The period's last day.
    pub fn last_day(self) -> NaiveDate {
        self.next()
            .first_day()
            .pred_opt()
            .expect("a checked period has valid dates")
    }

    /// The period just before (the previous quarter, or the previous year).
    pub fn previous(self) -> Period {
        match self {
            Period::Quarter { year, quarter: 1 } => Period::Quarter {
                year: year - 1,
                quarter: 4,
            },
            Period::Quarter { year, quarter } => Period::Quarter {
                year,
                quarter: quarter - 1,
            },
            Period::Year(year) => Period::Year(year - 1),
        }
    }

    /// The period just after.
    pub fn next(self) -> Period {
        match self {
            Period::Quarter { year, quarter: 4 } => Period::Quarter {
                year: year + 1,
                quarter: 1,
            },
            Period::Quarter { year, quarter } => Period::Quarter {
                year,
                quarter: quarter + 1,
            },
            Period::Year(year) => Period::Year(year + 1),
        }
    }

    /// Whether `date` falls in the period.
    pub fn contains(self, date: NaiveDate) -> bool {
        (self.first_day()..=self.last_day()).contains(&date)
    }

    /// Whether this is a year (not a quarter).
    pub fn is_year(self) -> bool {
        matches!(self, Period::Year(_))
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Quarter { year, quarter } => write!(f, "{year}-Q{quarter}"),
            Period::Year(year) => write!(f, "{year}"),
        }
    }
}

impl FromStr for Period {
    type Err = Error;

    /// `2026-Q3` (also `2026-q3`, `2026Q3`) or `2026`.
    fn from_str(text: &str) -> Result<Self> {
        let bad = || {
            Error::InvalidInput(format!(
                "period {text:?} is neither a quarter like 2026-Q3 nor a year like 2026"
            ))
        };
        let t = text.trim().to_ascii_uppercase();
        let (year, quarter) = match t.split_once('Q') {
            Some((year, q)) => (year.trim_end_matches('-'), Some(q)),
            None => (t.as_str(), None),
        };
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let year: i32 = year.parse().map_err(|_| bad())?;
        if !YEARS.contains(&year) {
            return Err(bad());
        }
        match quarter {
            None => Ok(Period::Year(year)),
            Some(q @ ("1" | "2" | "3" | "4")) => Ok(Period::Quarter {
                year,
                quarter: q.parse().map_err(|_| bad())?,
            }),
            Some(_) => Err(bad()),
        }
    }
}

impl TryFrom<String> for Period {
    type Error = Error;
    fn try_from(text: String) -> Result<Self> {
        text.parse()
    }
}

impl From<Period> for String {
    fn from(p: Period) -> String {
        p.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn quarters_and_years_have_their_days_and_neighbours() {
        let q3: Period = "2026-Q3".parse().unwrap();
        assert_eq!(q3.first_day(), day(2026, 7, 1));
        assert_eq!(q3.last_day(), day(2026, 9, 30));
        assert_eq!(q3.previous().to_string(), "2026-Q2");
        assert_eq!(
            "2026q1".parse::<Period>().unwrap().previous().to_string(),
            "2025-Q4"
        );
        let y: Period = "2024".parse().unwrap();
        assert_eq!(
            (y.first_day(), y.last_day()),
            (day(2024, 1, 1), day(2024, 12, 31))
        );
        assert_eq!(Period::quarter_of(day(2026, 12, 31)).to_string(), "2026-Q4");
        assert_eq!(
            Period::quarter_of(day(2026, 12, 31)).next().to_string(),
            "2027-Q1"
        );
        for bad in [
            "2026-Q5", "2026-Q0", "26", "99999", "1800", "2026-Q", "Q3", "2026-03",
        ] {
            assert!(bad.parse::<Period>().is_err(), "{bad}");
        }
    }
}
