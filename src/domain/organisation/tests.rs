use super::*;

const HEADER: &str = "key,parent,kind,level,name_zh,name_en\n";

fn parse(body: &str) -> Result<UnitsFile, Vec<LineError>> {
    parse_units_file(&format!("{HEADER}{body}"))
}

fn plan(body: &str, existing: &[UnitFields]) -> Result<ImportPlan, Vec<LineError>> {
    plan_import(&parse(body).expect("the file parses"), existing)
}

fn unit(key: &str, parent: Option<&str>, level: UnitLevel) -> UnitFields {
    UnitFields {
        key: key.to_owned(),
        parent_key: parent.map(str::to_owned),
        kind: UnitKind::Government,
        level,
        function: None,
        name_zh: format!("{key} 单位"),
        name_en: format!("{key} unit"),
        email: None,
        head_email: None,
        short_name: None,
        aliases: Vec::new(),
        doc_prefix: None,
    }
}

#[test]
fn the_demo_file_parses_with_a_line_of_work_for_every_department() {
    let file = parse_units_file(include_str!("../../../assets/demo/units.csv")).expect("the demo file parses");
    assert_eq!(file.rows.len(), 55);
    assert!(file.columns.function && file.columns.email && file.columns.head_email);
    for row in &file.rows {
        if matches!(row.unit.kind, UnitKind::Department | UnitKind::Secretariat) {
            assert!(row.unit.function.is_some(), "line {} has a line of work", row.line);
        }
    }
    let plan = plan_import(&file, &[]).expect("the demo file plans into an empty organisation");
    assert_eq!(plan.count(|c| *c == Change::Add), 55);
    assert_eq!(plan.steps[0].unit.key, "jx");
}

#[test]
fn quoted_fields_may_hold_commas_and_quotes() {
    assert_eq!(split_csv_line(r#"a,"b, c","say ""hi""",d"#).expect("parses"), ["a", "b, c", "say \"hi\"", "d"]);
    assert!(split_csv_line(r#"a,"b"#).is_err());
}

#[test]
fn every_bad_line_is_named_with_its_column() {
    let errors = parse("jx,,government,provincial,省,Province\njj,jx,government,municipal,,City\njj,jx,council,municipal,市,City\nshort,jx\n")
        .expect_err("refused");
    let named: Vec<(usize, &str)> = errors.iter().map(|e| (e.line, e.field.as_str())).collect();
    assert_eq!(named, [(2, "level"), (3, "name_zh"), (4, "kind"), (5, "line")]);
    assert_eq!(errors[0].reason.key, "error-unknown-value");
    assert!(errors[0].reason.to_string().contains("value: \"provincial\""), "{}", errors[0].reason);
}

#[test]
fn a_key_twice_is_refused_on_its_second_line() {
    let errors = parse("jx,,government,province,省,P\njx,,government,province,省,P\n").expect_err("refused");
    assert_eq!(
        errors,
        [line_error(3, "key", Message::new("error-units-key-twice").text("key", "jx").number("first", 2))]
    );
}

#[test]
fn an_unknown_column_or_a_missing_one_is_named_in_the_header() {
    let errors = parse_units_file("key,parent,kind,level,name_zh,colour\n").expect_err("refused");
    let named: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(named, ["colour", "name_en"]);
}

#[test]
fn a_parent_neither_in_the_file_nor_in_the_database_is_an_orphan() {
    let errors = plan("jj,jx,government,municipal,市,City\n", &[]).expect_err("refused");
    assert_eq!(errors.len(), 1);
    assert_eq!((errors[0].line, errors[0].field.as_str()), (2, "parent"));
    assert!(errors[0].reason.to_string().contains("key: \"jx\""), "{}", errors[0].reason);
    let existing = [unit("jx", None, UnitLevel::Province)];
    assert!(plan("jj,jx,government,municipal,市,City\n", &existing).is_ok());
}

#[test]
fn a_cycle_in_the_file_or_through_the_database_is_refused_once() {
    let errors = plan("jx,,government,province,省,P\na,b,government,county,甲,A\nb,a,government,county,乙,B\n", &[])
        .expect_err("refused");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!((errors[0].line, errors[0].field.as_str()), (3, "parent"));
    assert!(errors[0].reason.to_string().contains("a → b → a"), "{}", errors[0].reason);

    // The database has jx > jj > county; the file puts jj under county.
    let existing = [
        unit("jx", None, UnitLevel::Province),
        unit("jj", Some("jx"), UnitLevel::Municipal),
        unit("county", Some("jj"), UnitLevel::Municipal),
    ];
    let errors = plan("jj,county,government,municipal,市,City\n", &existing).expect_err("refused");
    assert_eq!((errors[0].line, errors[0].field.as_str()), (2, "parent"));
    let errors = plan("jj,jj,government,municipal,市,City\n", &existing).expect_err("refused");
    assert_eq!(errors[0].reason.key, "error-units-own-parent");
}

#[test]
fn a_unit_above_its_parents_level_is_refused_from_either_side() {
    let existing = [unit("jx", None, UnitLevel::Province), unit("jj", Some("jx"), UnitLevel::Municipal)];
    let errors = plan("x,jj,government,province,省,P\n", &existing).expect_err("refused");
    assert_eq!((errors[0].line, errors[0].field.as_str()), (2, "level"));
    // jj stays a parent of nothing in the file, but the file lowers jx below jj's level.
    let errors = plan("jx,,government,county,省,P\n", &existing).expect_err("refused");
    assert_eq!((errors[0].line, errors[0].field.as_str()), (2, "level"));
    assert!(errors[0].reason.to_string().contains("\"jj\""), "{}", errors[0].reason);
}

#[test]
fn a_second_root_is_refused() {
    let existing = [unit("jx", None, UnitLevel::Province)];
    let errors = plan("hn,,government,province,湖南,Hunan\n", &existing).expect_err("refused");
    assert_eq!((errors[0].line, errors[0].field.as_str()), (2, "parent"));
    assert!(errors[0].reason.to_string().contains("root: \"jx\""), "{}", errors[0].reason);
}

#[test]
fn an_existing_unit_is_matched_by_key_and_only_real_differences_count() {
    let existing = [unit("jx", None, UnitLevel::Province), unit("jj", Some("jx"), UnitLevel::Municipal)];
    let plan = plan(
        "jj,jx,government,municipal,jj 单位,jj unit\njx,,government,province,江西,jx unit\nnc,jx,government,municipal,南昌,Nanchang\n",
        &existing,
    )
    .expect("plans");
    let changes: Vec<(&str, &Change)> = plan.steps.iter().map(|s| (s.unit.key.as_str(), &s.change)).collect();
    assert_eq!(
        changes,
        [
            (
                "jx",
                &Change::Update(vec![FieldChange {
                    field: "name_zh", before: "jx 单位".into(), after: "江西".into()
                }])
            ),
            ("jj", &Change::Unchanged),
            ("nc", &Change::Add),
        ]
    );
}

#[test]
fn moves_are_ordered_so_that_no_unit_passes_under_its_own_subtree() {
    // Today jx > a > b; the file wants jx > b > a.
    let existing = [
        unit("jx", None, UnitLevel::Province),
        unit("a", Some("jx"), UnitLevel::County),
        unit("b", Some("a"), UnitLevel::County),
    ];
    let plan =
        plan("a,b,government,county,a 单位,a unit\nb,jx,government,county,b 单位,b unit\n", &existing).expect("plans");
    let order: Vec<&str> = plan.steps.iter().map(|s| s.unit.key.as_str()).collect();
    assert_eq!(order, ["b", "a"]);
    assert!(plan.steps.iter().all(PlannedUnit::moves));
}

#[test]
fn a_column_the_file_leaves_out_is_left_alone() {
    let mut old = unit("jx", None, UnitLevel::Province);
    old.function = Some("general_office".into());
    old.email = Some("office@jx.example".into());
    let plan = plan("jx,,government,province,jx 单位,jx unit\n", &[old]).expect("plans");
    assert_eq!(plan.steps[0].change, Change::Unchanged);
}

#[test]
fn a_doc_prefix_column_sets_clears_or_refuses_the_prefix_naming_its_line() {
    let header = "key,parent,kind,level,name_zh,name_en,doc_prefix\n";
    let mut old = unit("jx", None, UnitLevel::Province);
    old.doc_prefix = Some("赣安办督".into());
    let file =
        parse_units_file(&format!("{header}jx,,government,province,jx 单位,jx unit, 赣安办 \n")).expect("parses");
    assert_eq!(file.rows[0].unit.doc_prefix.as_deref(), Some("赣安办"));
    let planned = plan_import(&file, std::slice::from_ref(&old)).expect("plans");
    assert_eq!(
        planned.steps[0].change,
        Change::Update(vec![FieldChange {
            field: "doc_prefix", before: "赣安办督".into(), after: "赣安办".into()
        }])
    );
    let blank = parse_units_file(&format!("{header}jx,,government,province,jx 单位,jx unit,\n")).expect("parses");
    let cleared = plan_import(&blank, std::slice::from_ref(&old)).expect("plans");
    assert_eq!(
        cleared.steps[0].change,
        Change::Update(vec![FieldChange { field: "doc_prefix", before: "赣安办督".into(), after: String::new() }])
    );
    let without = plan("jx,,government,province,jx 单位,jx unit\n", &[old]).expect("plans");
    assert_eq!(without.steps[0].change, Change::Unchanged);

    let errors = parse_units_file(&format!(
        "{header}jx,,government,province,省,P,赣安办督〔2024〕\njj,jx,government,municipal,市,City,浔安办号\n"
    ))
    .expect_err("refused");
    let named: Vec<(usize, &str)> = errors.iter().map(|e| (e.line, e.field.as_str())).collect();
    assert_eq!(named, [(2, "doc_prefix"), (3, "doc_prefix")]);
    assert_eq!(errors[1].reason.key, "error-prefix-hao", "{}", errors[1]);
}
