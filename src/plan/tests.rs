//! The default plan, pinned: counts and a few rows field by field against seed 003.

use super::*;

fn default_plan() -> Plan {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/templates/plans/kh-nq57-hue.toml");
    load_plan(std::path::Path::new(path)).expect("the shipped plan loads")
}

#[test]
fn counts_match_the_seed() {
    let plan = default_plan();
    assert_eq!(plan.tasks.len(), 70);
    assert_eq!(plan.groups.len(), 7);
    assert_eq!(
        plan.groups.iter().map(|g| g.code.as_str()).collect::<Vec<_>>(),
        ["I", "II", "III", "IV", "V", "VI", "VII"]
    );
    // 28 indicators, of which number 8 has the 12 sub-indicators 8.1 … 8.12.
    let top: Vec<_> = plan.indicators.iter().filter(|i| i.parent.is_none()).collect();
    assert_eq!(top.len(), 28);
    let subs: Vec<_> =
        plan.indicators.iter().filter(|i| i.parent.as_deref() == Some("8")).map(|i| i.code.as_str()).collect();
    assert_eq!(subs, (1..=12).map(|n| format!("8.{n}")).collect::<Vec<_>>());
    let per_group: Vec<usize> =
        plan.groups.iter().map(|g| plan.tasks.iter().filter(|t| t.group == g.code).count()).collect();
    assert_eq!(per_group, [12, 8, 26, 6, 8, 7, 3]);
    assert_eq!(plan.indicators.iter().filter(|i| i.target_year == 2045).count(), 3);
    // 40 wards and communes since 1 July 2025.
    assert_eq!(plan.registry.current().filter(|a| a.category == Category::Locality).count(), 40);
}

#[test]
fn task_rows_field_by_field() {
    let plan = default_plan();
    let t = plan.task("7").unwrap();
    assert_eq!(t.group, "I");
    assert!(t.name.starts_with("Xây dựng kế hoạch triển khai Kế hoạch của UBND thành phố"));
    assert_eq!(t.lead_text, "Các sở, ngành, địa phương");
    assert_eq!(t.cooperating, "");
    assert_eq!(t.result, "Kế hoạch");
    assert_eq!(t.deadline_text, "Quý I/2025");
    assert_eq!(t.deadline, Deadline::Due(NaiveDate::from_ymd_opt(2025, 3, 31).unwrap()));

    let t = plan.task("16").unwrap();
    assert_eq!(t.lead_text, "Sở Khoa học và Công nghệ, Sở Thông tin và Truyền thông");
    // The Sở TT&TT was merged into the Sở KH&CN: one lead remains.
    assert_eq!(t.leads, ["so-khcn"]);
    assert_eq!(
        t.cooperating,
        "Sở Kế hoạch và Đầu tư, Sở Tài chính, Viện Nghiên cứu phát triển, Liên hiệp các Hội KHKT"
    );
    assert_eq!(t.result, "");
    assert_eq!(t.deadline_text, "2026");

    let t = plan.task("23").unwrap();
    assert_eq!(t.leads, ["so-cong-thuong", "so-nnmt", "so-xay-dung"]);
    assert!(t.deadline.is_recurring());

    let t = plan.task("70").unwrap();
    assert_eq!(t.group, "VII");
    assert_eq!(t.leads, ["so-ngoai-vu"]);
    assert_eq!(t.result, "Cơ sở dữ liệu");

    // "các sở, ngành, địa phương" reaches every department, sector and locality of today.
    let t = plan.task("3").unwrap();
    let n = plan
        .registry
        .current()
        .filter(|a| matches!(a.category, Category::Department | Category::Sector | Category::Locality))
        .count();
    assert_eq!(t.leads.len(), n);
    assert!(t.leads.contains(&"phuong-an-cuu".to_string()));
    assert!(!t.leads.contains(&"so-tttt".to_string()));
}

#[test]
fn indicator_rows_field_by_field() {
    let plan = default_plan();
    let i = plan.indicator("6").unwrap();
    assert_eq!(i.unit, "%");
    assert_eq!(i.target_text, "≥ 55");
    assert_eq!(i.target, Target::AtLeast(55.0));
    assert_eq!(i.target_year, 2030);
    assert_eq!(i.trackers, ["so-khcn", "so-tai-chinh", "thong-ke"]);

    let i = plan.indicator("8.10").unwrap();
    assert_eq!(i.parent.as_deref(), Some("8"));
    assert_eq!(i.target, Target::AtLeast(100.0));
    assert_eq!(i.trackers, ["vp-ubnd"]);

    let i = plan.indicator("11").unwrap();
    assert_eq!(i.unit, "Chỉ số phát triển con người (HDI)");
    assert_eq!(i.target, Target::Above(0.75));

    let i = plan.indicator("27").unwrap();
    assert_eq!(i.target_year, 2045);
    assert_eq!(i.target, Target::Rank(5));

    let i = plan.indicator("2").unwrap();
    assert_eq!(i.target, Target::Qualitative);
}

#[test]
fn registry_identifies_aliases_and_successors() {
    let plan = default_plan();
    let r = &plan.registry;
    assert_eq!(r.identify("SỞ KH&CN").unwrap().id, "so-khcn");
    assert_eq!(r.identify("Sở Khoa học và Công nghệ thành phố Huế").unwrap().id, "so-khcn");
    let old = r.identify("Sở Thông tin và Truyền thông").unwrap();
    assert_eq!(old, Identified { id: "so-khcn".into(), via: Some("so-tttt".into()) });
    assert_eq!(r.identify("Sở Kế hoạch và Đầu tư").unwrap().id, "so-tai-chinh");
    assert_eq!(r.identify("UBND phường Thuận Hóa").unwrap().id, "phuong-thuan-hoa");
    assert_eq!(r.identify("Ủy ban nhân dân xã A Lưới 3").unwrap().id, "xa-a-luoi-3");
    let err = r.identify("Sở Nội vịu").unwrap_err();
    assert_eq!(err[0], "Sở Nội vụ");
}

#[test]
fn cycles() {
    let plan = default_plan();
    assert_eq!(plan.meta.frequency, Frequency::HalfYearly);
    let p = plan.period(2026, Some(2)).unwrap();
    assert_eq!(p.label(), "6 tháng cuối năm 2026");
    assert_eq!(plan.deadline(&p), NaiveDate::from_ymd_opt(2026, 11, 25));
    assert_eq!(plan.deadline(&p.next()), NaiveDate::from_ymd_opt(2027, 6, 10));
    let err = plan.period(2026, Some(3)).unwrap_err();
    assert!(err.contains("không có kỳ 3; chọn period = 1 (6 tháng đầu năm) hoặc 2 (6 tháng cuối năm)"), "{err}");
    let err = plan.period(2026, None).unwrap_err();
    assert!(err.contains("ghi kỳ báo cáo trong mục [cycle], period = 1 (6 tháng đầu năm)"), "{err}");
}

/// A small plan with the structure keys, and what a mistake in each is told.
fn small(extra_meta: &str, tasks: &str) -> Result<Plan, PlanError> {
    let text = format!(
        r#"[plan]
id = "p"
title = "Kế hoạch thử"
short_title = "Kế hoạch thử"
issued_by = "UBND tỉnh"
consolidated_by = "a"
{extra_meta}
counts = {{ groups = 1, tasks = 1, indicators = 0 }}

[[agency]]
id = "a"
name = "Sở A"
short = "Sở A"
category = "so"

[[agency]]
id = "h"
name = "UBND huyện B"
short = "UBND huyện B"
category = "huyen"

[[group]]
code = "A.1-x"
title = "Nhóm có mã dài"

{tasks}
"#
    );
    parse_plan(&text, "thu.toml")
}

#[test]
fn plan_structure_keys_and_their_mistakes() {
    let task = |more: &str| {
        format!("[[task]]\ncode = \"1\"\ngroup = \"A.1-x\"\nname = \"Việc\"\nlead_text = \"x\"\ndeadline = \"2025\"\n{more}\n")
    };
    let yearly = "reporting_deadlines = [\"11-30\"]";
    let p = small(yearly, &task("lead = [\"@huyen\"]")).unwrap();
    assert_eq!(p.meta.frequency, Frequency::Yearly);
    assert_eq!(p.tasks[0].leads, ["h"]);
    assert_eq!(p.appendices.len(), 1, "one implicit list");
    let p = small(yearly, &task("reported_by = [\"a\"]")).unwrap();
    assert!(p.tasks[0].open_lead);
    assert_eq!(p.tasks[0].leads, ["a"]);

    let err = |meta: &str, t: &str| small(meta, t).unwrap_err().to_string();
    assert!(err("reporting_deadlines = [\"03-01\", \"06-01\", \"09-01\"]", &task("lead = [\"a\"]"))
        .contains("reporting_deadlines có 3 hạn báo cáo; ghi 1 hạn"));
    assert!(err(yearly, &task("lead = [\"a\"]\nreported_by = [\"a\"]")).contains("không ghi cả hai"));
    assert!(err(yearly, &task("")).contains("ghi reported_by = [mã cơ quan báo cáo thay]"));
    assert!(err(yearly, &task("lead = [\"a\"]\ncolumns = { kinh_phi = \"5\" }"))
        .contains("cột \"kinh_phi\" không có trong [[column]]; khai báo cột trước"));
    let lists = "[[appendix]]\nid = \"1\"\nnumber = \"Phụ lục 1\"\ntitle = \"Danh mục 1\"\n\n[[column]]\nkey = \"kinh_phi\"\nheader = \"Kinh phí\"\n\n";
    let e = err(yearly, &format!("{lists}{}", task("lead = [\"a\"]")));
    assert!(e.contains("ghi appendix = mã phụ lục (\"1\")"), "{e}");
    let e = err(yearly, &format!("{lists}{}", task("lead = [\"a\"]\nappendix = \"2\"")));
    assert!(e.contains("phụ lục \"2\" không có trong [[appendix]]"), "{e}");
    let p = small(
        yearly,
        &format!("{lists}{}", task("lead = [\"a\"]\nappendix = \"1\"\ncolumns = { kinh_phi = \"50 triệu\" }")),
    )
    .unwrap();
    assert_eq!(p.tasks[0].extra, ["50 triệu"]);
    assert_eq!(p.appendices[0].number, "Phụ lục 1");
}

/// A plan file copied into a workspace with the city's registry beside it: the workspace's
/// registry is the one read (an alias the officer added works), and without it the shipped one.
#[test]
fn a_plan_reads_the_registry_beside_its_folder_else_the_shipped_one() {
    let dir = tempfile::tempdir().unwrap();
    let plans = dir.path().join("templates/plans");
    std::fs::create_dir_all(&plans).unwrap();
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(repo.join("templates/plans/kh-98-2024.toml"), plans.join("kh.toml")).unwrap();
    let plan = load_plan(&plans.join("kh.toml")).unwrap();
    assert_eq!(plan.registry.lookup("Sở Khoa học - Công nghệ tỉnh nhà"), None);
    assert_eq!(plan.registry.name("cong-an"), "Công an tỉnh");

    let registries = dir.path().join("templates/co-quan");
    std::fs::create_dir_all(&registries).unwrap();
    let text = std::fs::read_to_string(repo.join("templates/co-quan/hue.toml")).unwrap().replacen(
        "aliases = [\"Sở KH&CN\",",
        "aliases = [\"Sở Khoa học - Công nghệ tỉnh nhà\", \"Sở KH&CN\",",
        1,
    );
    std::fs::write(registries.join("hue.toml"), text).unwrap();
    let plan = load_plan(&plans.join("kh.toml")).unwrap();
    assert_eq!(plan.registry.lookup("Sở Khoa học - Công nghệ tỉnh nhà").map(|i| i.id), Some("so-khcn".to_string()));

    let text =
        std::fs::read_to_string(plans.join("kh.toml")).unwrap().replace("registry = \"hue\"", "registry = \"hue-2\"");
    std::fs::write(plans.join("kh.toml"), text).unwrap();
    let err = load_plan(&plans.join("kh.toml")).unwrap_err().to_string();
    assert!(err.contains("không tìm thấy danh mục cơ quan \"hue-2\" (registry)"), "{err}");
    assert!(err.contains("danh mục có sẵn (hue)") || err.contains("(hue)"), "{err}");
}
