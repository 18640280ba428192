//! What an action's own words name when the doer is no line of work of the table (issue 24's
//! seventh round): a warehouse's, a fleet's or a canteen's action in a company's minutes, and an
//! animal epidemic in a province's. Also clauses that are no requirement of their own: what the
//! clause before means in particular, and a stance ("will not tolerate"). Expected values are
//! written by hand; no sentence is taken from the corpus.

use super::fixtures::{date, drafts_of, find};

const DEPOT: &str = "Lakeside Logistics Co., Ltd.
SAFETY COMMITTEE
Minutes of the Peak Season Meeting

Date: 1 December 2026

3. Actions agreed

3.1 Warehouse Operations to keep aerosols and other dangerous goods in the locked cage only.

3.2 Warehouse Operations to check that every forklift driver holds a valid certificate.

3.3 Fleet to give every driver a breathalyser test before departure.

3.4 Canteen to keep 48-hour food samples of every meal served.
";

#[test]
fn a_warehouse_action_on_dangerous_goods_or_forklifts_names_its_line() {
    let drafts = drafts_of(DEPOT, date(2026, 12, 1));
    assert_eq!(find(&drafts, "dangerous goods").lead_function.as_deref(), Some("emergency_management"));
    assert_eq!(find(&drafts, "forklift").lead_function.as_deref(), Some("market_regulation"));
}

#[test]
fn a_fleet_breathalyser_and_canteen_food_samples_name_their_lines() {
    let drafts = drafts_of(DEPOT, date(2026, 12, 1));
    assert_eq!(find(&drafts, "breathalyser").lead_function.as_deref(), Some("traffic_police"));
    assert_eq!(find(&drafts, "food samples").lead_function.as_deref(), Some("market_regulation"));
}

const EPIDEMIC: &str = "PROVINCIAL CONFERENCE ON ANIMAL EPIDEMICS

On the afternoon of January 6, the provincial department held a conference on African swine fever.

The conference required the following.

First, every county is to check its stocks of sampling kits before the holiday.

Second, village vets should be sent into farms to explain biosecurity to small farmers, in particular the ban on feeding kitchen waste to pigs.

The director said that the mine owners bear responsibility for safety and that the province will not tolerate any cover-up.
";

#[test]
fn an_animal_epidemic_is_the_agriculture_departments_work() {
    let drafts = drafts_of(EPIDEMIC, date(2026, 1, 6));
    assert_eq!(find(&drafts, "explain biosecurity").lead_function.as_deref(), Some("agriculture"));
}

#[test]
fn every_county_is_to_asks_the_counties() {
    let drafts = drafts_of(EPIDEMIC, date(2026, 1, 6));
    find(&drafts, "sampling kits");
}

#[test]
fn what_the_clause_before_means_in_particular_stays_with_it() {
    let drafts = drafts_of(EPIDEMIC, date(2026, 1, 6));
    assert!(find(&drafts, "explain biosecurity").text.contains("kitchen waste"), "{drafts:#?}");
    assert!(drafts.iter().all(|d| !d.text.starts_with("In particular")), "{drafts:#?}");
}

#[test]
fn will_not_tolerate_is_a_stance_that_asks_nothing() {
    let drafts = drafts_of(EPIDEMIC, date(2026, 1, 6));
    assert!(drafts.iter().all(|d| !d.text.contains("cover-up")), "{drafts:#?}");
}

#[test]
fn an_ordinal_before_the_subject_names_no_doer_so_the_convener_leads() {
    let minutes = "On the afternoon of January 6, the Provincial Department of Agriculture and Rural Affairs held a conference on animal epidemics.

The conference required the following.

Fifth, every county is to check its stocks of sampling kits before the holiday.
";
    let drafts = drafts_of(minutes, date(2026, 1, 6));
    assert_eq!(find(&drafts, "sampling kits").lead_function.as_deref(), Some("agriculture"));
}
