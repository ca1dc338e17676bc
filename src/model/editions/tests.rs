use super::*;

#[test]
fn translations_are_named_by_a_tag_before_md() {
    let (o, t) = translation_of(Path::new("content/timeline/x.ar-IQ.md")).unwrap();
    assert_eq!(
        (o.to_str().unwrap(), t.as_str()),
        ("content/timeline/x.md", "ar-IQ")
    );
    assert!(translation_of(Path::new("content/background/v1.2.md")).is_none());
    assert!(translation_of(Path::new("content/index.md")).is_none());
    assert_eq!(
        translation_of(Path::new("content/index.ar.md")).unwrap().1,
        "ar"
    );
}

#[test]
fn merged_text_keeps_the_translations_offsets() {
    let text = "+++\ntitle = \"ع\"\ntranslated = 2024-01-02\n[[updates]]\ndate = \"2024-01-01\"\nsummary = \"س\"\n+++\nنص\n";
    let split = frontmatter::split(Path::new("x.ar.md"), text).unwrap();
    let original: toml::Table =
        toml::from_str("title = \"A\"\ndate = 2024-01-01\nsources = [\"S1\"]\n").unwrap();
    let given = toml::from_str(split.front).unwrap();
    let at = text.find("translated").unwrap();
    let m = merged_text(text, &split, at, &original, &given);
    assert!(m.starts_with("+++\ntitle = \"ع\"\n#ranslated = 2024-01-02\ndate = 2024-01-01\nsources = [\"S1\"]\n[[updates]]"), "{m}");
    let t: toml::Table =
        toml::from_str(frontmatter::split(Path::new("x"), &m).unwrap().front).unwrap();
    assert_eq!(t["sources"].as_array().unwrap().len(), 1);
}

#[test]
fn a_translation_older_than_the_latest_update_is_stale() {
    let original: toml::Table = toml::from_str(
        "published = 2024-01-01\n[[updates]]\ndate = \"2024-03-01\"\nkind = \"correction\"\nsummary = \"Fixed\"\n",
    )
    .unwrap();
    let d = |s: &str| PartialDate::parse(s).unwrap();
    let (stale, missing, latest) = freshness(&original, d("2024-01-01"));
    assert!(stale);
    assert_eq!(latest, d("2024-03-01"));
    assert_eq!(missing[0].kind, "correction");
    assert!(!freshness(&original, d("2024-03-01")).0);
}
