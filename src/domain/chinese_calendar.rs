//! The days of China's festivals and solar terms, computed rather than typed from a table:
//! Qingming from the sun's apparent longitude (15°), and the lunar festivals (the Spring
//! Festival, Dragon Boat 5/5, Mid-Autumn 8/15) from new moons with the winter-solstice rule for
//! numbering months, all in China Standard Time (UTC+8), as the official calendar reckons them.
//!
//! The sun comes from the low-precision solar formula of Meeus (*Astronomical Algorithms*,
//! ch. 25, about 0.01°: some 15 minutes of time), the new moons from Meeus ch. 49 (a few
//! seconds). A date is wrong only when an instant falls within those minutes of midnight in
//! Beijing, which none does in the years the tests check.

use chrono::{Datelike, Duration, NaiveDate};

/// Days from the Julian Day epoch to 1970-01-01 00:00 UTC.
const UNIX_EPOCH_JD: f64 = 2_440_587.5;

/// Beijing is eight hours ahead of UTC, all year.
const CST_OFFSET_DAYS: f64 = 8.0 / 24.0;

/// The mean length of a lunation and of a tropical year, in days.
const SYNODIC_MONTH: f64 = 29.530_588_861;
const TROPICAL_YEAR: f64 = 365.242_19;

fn sin_deg(x: f64) -> f64 {
    x.to_radians().sin()
}

/// An angle in [0, 360).
fn normalise(deg: f64) -> f64 {
    deg.rem_euclid(360.0)
}

/// An angle difference in (-180, 180].
fn signed(deg: f64) -> f64 {
    let d = normalise(deg);
    if d > 180.0 { d - 360.0 } else { d }
}

/// The Julian Day (UT) of midnight UTC starting `date`.
fn jd_of(date: NaiveDate) -> f64 {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("1970-01-01 is a date");
    UNIX_EPOCH_JD + (date - epoch).num_days() as f64
}

/// The day in Beijing an instant (Julian Day, UT) falls on.
fn cst_day(jd_ut: f64) -> NaiveDate {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("1970-01-01 is a date");
    let days = (jd_ut - UNIX_EPOCH_JD + CST_OFFSET_DAYS).floor() as i64;
    epoch + Duration::days(days)
}

/// ΔT = TT − UT in days, by the NASA polynomial for 2005–2050 (within a second or two of the
/// measured values; beyond those years it only drifts slowly, far below the formulas' minutes).
fn delta_t_days(year: f64) -> f64 {
    let t = year - 2000.0;
    (62.92 + 0.32217 * t + 0.005589 * t * t) / 86_400.0
}

/// The year (fractional) of a Julian Day, for ΔT.
fn year_of(jd: f64) -> f64 {
    2000.0 + (jd - 2_451_545.0) / TROPICAL_YEAR
}

/// The sun's apparent longitude in degrees at a Julian Ephemeris Day (Meeus ch. 25, low precision).
fn sun_apparent_longitude(jde: f64) -> f64 {
    let t = (jde - 2_451_545.0) / 36_525.0;
    let l0 = 280.466_46 + 36_000.769_83 * t + 0.000_303_2 * t * t;
    let m = 357.529_11 + 35_999.050_29 * t - 0.000_153_7 * t * t;
    let c = (1.914_602 - 0.004_817 * t - 0.000_014 * t * t) * sin_deg(m)
        + (0.019_993 - 0.000_101 * t) * sin_deg(2.0 * m)
        + 0.000_289 * sin_deg(3.0 * m);
    let omega = 125.04 - 1_934.136 * t;
    normalise(l0 + c - 0.005_69 - 0.004_78 * sin_deg(omega))
}

/// The instant (Julian Day, UT) in `year` when the sun's apparent longitude reaches `longitude`
/// degrees (0 = the March equinox, 15 = Qingming, 270 = the winter solstice).
fn solar_term_jd(year: i32, longitude: f64) -> Option<f64> {
    let equinox = jd_of(NaiveDate::from_ymd_opt(year, 3, 20)?);
    let mut jd = equinox + normalise(longitude) / 360.0 * TROPICAL_YEAR;
    // The terms from 285° on fall in January to March: of this year, not the next.
    if jd >= jd_of(NaiveDate::from_ymd_opt(year.checked_add(1)?, 1, 1)?) {
        jd -= TROPICAL_YEAR;
    }
    for _ in 0..50 {
        let step = signed(longitude - sun_apparent_longitude(jd + delta_t_days(year_of(jd)))) / 360.0 * TROPICAL_YEAR;
        jd += step;
        if step.abs() < 1e-7 {
            break;
        }
    }
    Some(jd)
}

/// The day in Beijing the sun reaches `longitude` degrees in `year`.
pub fn solar_term(year: i32, longitude: f64) -> Option<NaiveDate> {
    solar_term_jd(year, longitude).map(cst_day)
}

/// Qingming (清明): the sun at 15°.
pub fn qingming(year: i32) -> Option<NaiveDate> {
    solar_term(year, 15.0)
}

/// The winter solstice (冬至): the sun at 270°.
pub fn winter_solstice(year: i32) -> Option<NaiveDate> {
    solar_term(year, 270.0)
}

/// The instant (Julian Day, UT) of new moon number `k` counted from that of 2000-01-06
/// (Meeus ch. 49, with the periodic and planetary terms).
fn new_moon_jd(k: i64) -> f64 {
    let k = k as f64;
    let t = k / 1_236.85;
    let (t2, t3, t4) = (t * t, t * t * t, t * t * t * t);
    let jde = 2_451_550.097_66 + SYNODIC_MONTH * k + 0.000_154_37 * t2 - 0.000_000_150 * t3 + 0.000_000_000_73 * t4;
    let e = 1.0 - 0.002_516 * t - 0.000_007_4 * t2;
    let m = 2.553_4 + 29.105_356_70 * k - 0.000_001_4 * t2 - 0.000_000_11 * t3;
    let mp = 201.564_3 + 385.816_935_28 * k + 0.010_758_2 * t2 + 0.000_012_38 * t3 - 0.000_000_058 * t4;
    let f = 160.710_8 + 390.670_502_84 * k - 0.001_611_8 * t2 - 0.000_002_27 * t3 + 0.000_000_011 * t4;
    let om = 124.774_6 - 1.563_755_88 * k + 0.002_067_2 * t2 + 0.000_002_15 * t3;
    let periodic = -0.407_20 * sin_deg(mp)
        + 0.172_41 * e * sin_deg(m)
        + 0.016_08 * sin_deg(2.0 * mp)
        + 0.010_39 * sin_deg(2.0 * f)
        + 0.007_39 * e * sin_deg(mp - m)
        - 0.005_14 * e * sin_deg(mp + m)
        + 0.002_08 * e * e * sin_deg(2.0 * m)
        - 0.001_11 * sin_deg(mp - 2.0 * f)
        - 0.000_57 * sin_deg(mp + 2.0 * f)
        + 0.000_56 * e * sin_deg(2.0 * mp + m)
        - 0.000_42 * sin_deg(3.0 * mp)
        + 0.000_42 * e * sin_deg(m + 2.0 * f)
        + 0.000_38 * e * sin_deg(m - 2.0 * f)
        - 0.000_24 * e * sin_deg(2.0 * mp - m)
        - 0.000_17 * sin_deg(om)
        - 0.000_07 * sin_deg(mp + 2.0 * m)
        + 0.000_04 * sin_deg(2.0 * mp - 2.0 * f)
        + 0.000_04 * sin_deg(3.0 * m)
        + 0.000_03 * sin_deg(mp + m - 2.0 * f)
        + 0.000_03 * sin_deg(2.0 * mp + 2.0 * f)
        - 0.000_03 * sin_deg(mp + m + 2.0 * f)
        + 0.000_03 * sin_deg(mp - m + 2.0 * f)
        - 0.000_02 * sin_deg(mp - m - 2.0 * f)
        - 0.000_02 * sin_deg(3.0 * mp + m)
        + 0.000_02 * sin_deg(4.0 * mp);
    let planetary: [(f64, f64); 14] = [
        (0.000_325, 299.77 + 0.107_408 * k - 0.009_173 * t2),
        (0.000_165, 251.88 + 0.016_321 * k),
        (0.000_164, 251.83 + 26.651_886 * k),
        (0.000_126, 349.42 + 36.412_478 * k),
        (0.000_110, 84.66 + 18.206_239 * k),
        (0.000_062, 141.74 + 53.303_771 * k),
        (0.000_060, 207.14 + 2.453_732 * k),
        (0.000_056, 154.84 + 7.306_860 * k),
        (0.000_047, 34.52 + 27.261_239 * k),
        (0.000_042, 207.19 + 0.121_824 * k),
        (0.000_040, 291.34 + 1.844_379 * k),
        (0.000_037, 161.72 + 24.198_154 * k),
        (0.000_035, 239.56 + 25.513_099 * k),
        (0.000_023, 331.55 + 3.592_518 * k),
    ];
    let additional: f64 = planetary.iter().map(|(c, a)| c * sin_deg(*a)).sum();
    let jde = jde + periodic + additional;
    jde - delta_t_days(year_of(jde))
}

/// The day in Beijing of new moon number `k`.
fn new_moon_day(k: i64) -> NaiveDate {
    cst_day(new_moon_jd(k))
}

/// The number of the last new moon whose day in Beijing is on or before `day`: the lunar month
/// `day` falls in begins on that new moon's day.
fn new_moon_on_or_before(day: NaiveDate) -> i64 {
    let mut k = ((jd_of(day) - 2_451_550.097_66) / SYNODIC_MONTH).floor() as i64;
    while new_moon_day(k + 1) <= day {
        k += 1;
    }
    while new_moon_day(k) > day {
        k -= 1;
    }
    k
}

/// Whether the lunar month beginning with new moon `k` holds a principal term (中气: the sun at
/// a multiple of 30°) on one of its days.
fn holds_principal_term(k: i64) -> bool {
    let (start, end) = (new_moon_day(k), new_moon_day(k + 1));
    // Each term falls once in a Gregorian year: the years the month touches are enough.
    (0..12).any(|i| {
        let longitude = f64::from(i) * 30.0;
        [start.year(), end.year()].into_iter().filter_map(|y| solar_term(y, longitude)).any(|d| start <= d && d < end)
    })
}

/// The months of the 岁 that begins with the month holding the winter solstice of `year - 1`
/// and ends before the month holding that of `year`: each new moon that begins one, its number,
/// and whether it is the leap month.
///
/// The months are numbered from 11: 11, 12, 1, 2, … When the 岁 has thirteen months, the first
/// that holds no principal term is the leap month and repeats the number before it.
fn months_of_sui(year: i32) -> Option<Vec<(i64, u32, bool)>> {
    let start = new_moon_on_or_before(winter_solstice(year - 1)?);
    let next = new_moon_on_or_before(winter_solstice(year)?);
    let mut leap_due = next - start == 13;
    let mut number = 11;
    let mut out = vec![(start, number, false)];
    for k in start + 1..next {
        if leap_due && !holds_principal_term(k) {
            leap_due = false;
            out.push((k, number, true));
            continue;
        }
        number = number % 12 + 1;
        out.push((k, number, false));
    }
    Some(out)
}

/// The day the `day`th day of the `month`th (not leap) lunar month of the Chinese year that
/// begins in Gregorian `year` falls on.
pub fn lunar_day(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    if !(1..=12).contains(&month) || !(1..=30).contains(&day) {
        return None;
    }
    // Months 1 to 10 of the year lie in the 岁 that ends at its winter solstice; months 11
    // and 12 begin the next one.
    let sui = if month >= 11 { year.checked_add(1)? } else { year };
    let (k, _, _) = months_of_sui(sui)?.into_iter().find(|(_, n, leap)| *n == month && !leap)?;
    let (first, next) = (new_moon_day(k), new_moon_day(k + 1));
    let date = first + Duration::days(i64::from(day) - 1);
    (date < next).then_some(date)
}

/// The Spring Festival (春节): the first day of the first lunar month.
pub fn spring_festival(year: i32) -> Option<NaiveDate> {
    lunar_day(year, 1, 1)
}

/// The Dragon Boat Festival (端午节): the fifth day of the fifth lunar month.
pub fn dragon_boat(year: i32) -> Option<NaiveDate> {
    lunar_day(year, 5, 5)
}

/// The Mid-Autumn Festival (中秋节): the fifteenth day of the eighth lunar month.
pub fn mid_autumn(year: i32) -> Option<NaiveDate> {
    lunar_day(year, 8, 15)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// Qingming as published by the Purple Mountain Observatory, typed by hand.
    #[test]
    fn qingming_falls_where_the_almanac_puts_it_2024_to_2030() {
        let expected = [
            (2024, day(2024, 4, 4)),
            (2025, day(2025, 4, 4)),
            (2026, day(2026, 4, 5)),
            (2027, day(2027, 4, 5)),
            (2028, day(2028, 4, 4)),
            (2029, day(2029, 4, 4)),
            (2030, day(2030, 4, 5)),
        ];
        for (year, date) in expected {
            assert_eq!(qingming(year), Some(date), "Qingming {year}");
        }
    }

    /// The winter solstices of these years, typed by hand: the anchor of the month numbering.
    #[test]
    fn winter_solstice_falls_on_the_almanac_day() {
        for (year, date) in
            [(2023, day(2023, 12, 22)), (2024, day(2024, 12, 21)), (2025, day(2025, 12, 21)), (2026, day(2026, 12, 22))]
        {
            assert_eq!(winter_solstice(year), Some(date), "winter solstice {year}");
        }
    }

    /// The lunar festivals of the official calendar, typed by hand. 2025 (leap sixth month)
    /// and 2028 (leap fifth month, after which the Dragon Boat Festival must not move) are the
    /// years a wrong leap rule would show.
    #[test]
    fn lunar_festivals_fall_on_the_official_days_2024_to_2030() {
        let expected = [
            (2024, day(2024, 2, 10), day(2024, 6, 10), day(2024, 9, 17)),
            (2025, day(2025, 1, 29), day(2025, 5, 31), day(2025, 10, 6)),
            (2026, day(2026, 2, 17), day(2026, 6, 19), day(2026, 9, 25)),
            (2027, day(2027, 2, 6), day(2027, 6, 9), day(2027, 9, 15)),
            (2028, day(2028, 1, 26), day(2028, 5, 28), day(2028, 10, 3)),
            (2029, day(2029, 2, 13), day(2029, 6, 16), day(2029, 9, 22)),
            (2030, day(2030, 2, 3), day(2030, 6, 5), day(2030, 9, 12)),
        ];
        for (year, spring, dragon, autumn) in expected {
            assert_eq!(spring_festival(year), Some(spring), "Spring Festival {year}");
            assert_eq!(dragon_boat(year), Some(dragon), "Dragon Boat {year}");
            assert_eq!(mid_autumn(year), Some(autumn), "Mid-Autumn {year}");
        }
    }

    #[test]
    fn a_month_or_day_out_of_range_has_no_day() {
        assert_eq!(lunar_day(2026, 13, 1), None);
        assert_eq!(lunar_day(2026, 1, 31), None);
        assert_eq!(lunar_day(2026, 0, 1), None);
    }

    /// "清明节前" in minutes of early January resolves to the eve of that year's Qingming;
    /// minutes after it to the eve of next year's (the days typed by hand).
    #[test]
    fn before_qingming_in_minutes_is_the_eve_of_that_years_qingming() {
        use crate::domain::drafting::find_deadline;
        let eves = [
            (2024, day(2024, 4, 3)),
            (2025, day(2025, 4, 3)),
            (2026, day(2026, 4, 4)),
            (2027, day(2027, 4, 4)),
            (2028, day(2028, 4, 3)),
            (2029, day(2029, 4, 3)),
            (2030, day(2030, 4, 4)),
        ];
        for (year, eve) in eves {
            assert_eq!(find_deadline("各地要在清明节前完成森林防火排查。", day(year, 1, 10)), Some(eve), "{year}");
        }
        assert_eq!(find_deadline("清明节前完成排查。", day(2025, 4, 10)), Some(day(2026, 4, 4)));
        assert_eq!(find_deadline("中秋节前完成排查。", day(2028, 3, 1)), Some(day(2028, 10, 2)));
    }
}
