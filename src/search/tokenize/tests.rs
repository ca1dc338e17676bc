use super::*;

#[test]
fn arabic_forms_and_proclitics_fold_to_one_token() {
    let t = Tokenizer::for_language("ar-IQ");
    assert_eq!(t.tokens("بالعراق"), t.tokens("العراق"));
    assert_eq!(t.tokens("والعراق")[0], "عراق");
    assert_eq!(t.tokens("للعراق")[0], "عراق");
    assert_eq!(
        t.tokens("أمريكا إيران آمال"),
        vec!["امريكا", "ايران", "امال"]
    );
    assert_eq!(t.tokens("مصطفى"), t.tokens("مصطفي"));
    assert_eq!(t.tokens("الحكومةُ"), t.tokens("حكومه"));
    assert_eq!(t.tokens("بغداد")[0], "بغداد");
    assert_eq!(t.tokens("كـتائب")[0], "كتائب");
}

fn en(text: &str) -> Vec<String> {
    Tokenizer::for_language("en").tokens(text)
}

fn other(text: &str) -> Vec<String> {
    Tokenizer::for_language("fr").tokens(text)
}

#[test]
fn stop_words_fit_the_length_bound() {
    assert_eq!(
        ENGLISH_STOP_WORDS.iter().map(|w| w.len()).max(),
        Some(MAX_STOP_WORD_BYTES)
    );
}

#[test]
fn stop_words_are_found_by_their_keys_and_nothing_else_is() {
    assert!(
        ENGLISH_STOP_WORDS.windows(2).all(|w| w[0] < w[1]),
        "ENGLISH_STOP_WORDS stay sorted, without repeats"
    );
    let t = Tokenizer::for_language("en");
    for w in ENGLISH_STOP_WORDS {
        assert!(t.is_stop_word(w), "{w}");
    }
    // Every ASCII word of up to three letters, and the stop words one character longer
    // or shorter: a stop word exactly when the list says so. (Words hold no NUL.)
    let letters = || (b'a'..=b'z').map(char::from);
    let short = letters()
        .map(String::from)
        .chain(letters().flat_map(|a| letters().map(move |b| format!("{a}{b}"))))
        .chain(letters().flat_map(|a| {
            letters().flat_map(move |b| letters().map(move |c| format!("{a}{b}{c}")))
        }));
    let near = ENGLISH_STOP_WORDS.iter().flat_map(|w| {
        [
            format!("{w}s"),
            w[..w.len() - 1].to_string(),
            format!("{w}0"),
            format!("0{w}"),
        ]
    });
    for w in short.chain(near) {
        let stop = ENGLISH_STOP_WORDS.contains(&w.as_str());
        assert_eq!(t.is_stop_word(&w), stop, "{w:?}");
        if let Some(key) = short_key(&w).filter(|_| !w.is_empty()) {
            assert_eq!(t.stops.contains(key), stop, "{w:?}");
        }
    }
    assert!(!Tokenizer::for_language("fr").is_stop_word("the"));
}

#[test]
fn english_is_lowercased_split_and_stop_words_dropped() {
    assert_eq!(
        en("The US and Iraq's Higher Military Commission (HMC), 2024-01-27."),
        [
            "us",
            "iraq",
            "higher",
            "military",
            "commission",
            "hmc",
            "2024",
            "01",
            "27"
        ]
    );
    // Another language keeps every word, English stop words included.
    assert_eq!(other("The end"), ["the", "end"]);
    assert_eq!(
        Tokenizer::for_language("en-GB").tokens("to be"),
        Vec::<String>::new()
    );
}

#[test]
fn accents_are_folded_in_any_form() {
    assert_eq!(
        other("Ça coûte cher à Zürich, Straße, Ærø, Łódź"),
        ["ca", "coute", "cher", "a", "zurich", "strasse", "aero", "lodz"]
    );
    // Decomposed (NFD) text folds like precomposed text.
    assert_eq!(other("Cafe\u{301} Cafés"), ["cafe", "cafes"]);
    assert_eq!(other("Ἀθήνα ΆΘΗΝΑ άθηνας"), other("αθηνα αθηνα αθηνασ"));
    assert_eq!(other("ＡＢＣ１２"), ["abc12"]);
    assert_eq!(other("Ёлка ёлка"), ["елка", "елка"]);
    // Arabic vowel marks and alef forms, Hebrew points.
    assert_eq!(other("بَغْدَاد بغداد"), ["بغداد", "بغداد"]);
    assert_eq!(other("أمريكا"), ["امريكا"]);
    assert_eq!(other("שָׁלוֹם שלום"), ["שלום", "שלום"]);
}

#[test]
fn cjk_becomes_overlapping_pairs() {
    assert_eq!(other("東京都"), ["東京", "京都"]);
    assert_eq!(other("東"), ["東"]);
    // Mixed with Latin and digits in one run; kana too.
    assert_eq!(
        other("東京2020オリンピック"),
        ["東京", "2020", "オリ", "リン", "ンピ", "ピッ", "ック"]
    );
    // Korean has spaces: whole words.
    assert_eq!(other("한국 정부"), ["한국", "정부"]);
    // Thai (no spaces) keeps its tone marks inside pairs.
    let thai = other("ไม่");
    assert_eq!(thai, ["ไม", "ม่"]);
}

#[test]
fn marks_hold_indic_words_together() {
    assert_eq!(other("क्षेत्र।"), ["क्षेत्र"]);
}

/// The tokenizer before its ASCII fast paths: one character at a time.
fn reference(t: &Tokenizer, text: &str) -> Vec<String> {
    let mut out = vec![];
    let mut word = String::new();
    let emit = |word: &mut String, out: &mut Vec<String>| {
        if !word.is_empty() {
            t.split_word(word, &mut |tok: Token<'_>| {
                out.push(tok.with_str(str::to_string))
            });
            word.clear();
        }
    };
    for c in text.chars() {
        for lower in c.to_lowercase() {
            fold(lower, |folded| {
                if is_word_char(folded) {
                    word.push(folded);
                } else {
                    emit(&mut word, &mut out);
                }
            });
        }
    }
    emit(&mut word, &mut out);
    out
}

proptest::proptest! {
    #[test]
    fn fast_paths_tokenise_like_the_reference(
        text in "([A-Za-z0-9 .,'-]|é|ß|Ü|İ|ς|ﬁ|中文|ไทย|\\PC){0,40}"
    ) {
        for lang in ["en", "fr"] {
            let t = Tokenizer::for_language(lang);
            proptest::prop_assert_eq!(t.tokens(&text), reference(&t, &text));
        }
    }

    /// Whole words, of every length around the 16-byte keys and the 40-character cut.
    #[test]
    fn ascii_words_of_any_length_tokenise_like_the_reference(
        text in "([A-Za-z0-9]{1,45}|[A-Z]{1,3}|THE|The|of|[ .,'-]|é|Ü|中文|\\PC){0,12}"
    ) {
        for lang in ["en", "fr"] {
            let t = Tokenizer::for_language(lang);
            proptest::prop_assert_eq!(t.tokens(&text), reference(&t, &text));
        }
    }
}

#[test]
fn never_fails_and_cuts_long_tokens() {
    let long = "x".repeat(100);
    assert_eq!(other(&long), ["x".repeat(MAX_TOKEN_CHARS)]);
    assert!(other("\u{0}\u{FFFF}\u{10FFFF} 🙂 ☃ \u{200D}").is_empty());
    assert_eq!(other("İstanbul"), ["istanbul"]);
}

#[test]
fn spec_lists_what_the_browser_needs() {
    let mut b = SpecBuilder::default();
    b.add("Zürich ΆΣ क्ष plain");
    let spec = b.finish(&Tokenizer::for_language("de"));
    assert_eq!(spec.fold.get("ü").map(String::as_str), Some("u"));
    assert_eq!(spec.fold.get("ά").map(String::as_str), Some("α"));
    assert!(!spec.fold.contains_key("p") && !spec.fold.contains_key("\u{301}"));
    // What readers type for a site without it: ß, é, Greek accents, final sigma.
    for (typed, folded) in [("ß", "ss"), ("é", "e"), ("ό", "ο"), ("ς", "σ"), ("ａ", "a")] {
        assert_eq!(spec.fold.get(typed).map(String::as_str), Some(folded));
    }
    assert_eq!(spec.join, "\u{94D}");
    assert!(spec.stop.is_empty());
}

/// Characters seen by separate stretches of results (merged), some beyond the Basic
/// Multilingual Plane, fold as if one builder had seen them all.
#[test]
fn spec_of_merged_builders_is_the_spec_of_all_their_text() {
    let texts = ["Ǆemal’s 𝐀𝐁 ", "Ŀ ĳ plain", "Ｍünchen 𝓩"];
    let mut one = SpecBuilder::default();
    let mut merged = SpecBuilder::default();
    for t in texts {
        one.add(t);
        let mut part = SpecBuilder::default();
        part.add(t);
        merged.merge(part);
    }
    let tok = Tokenizer::for_language("en");
    let (one, merged) = (one.finish(&tok), merged.finish(&tok));
    assert_eq!(one.fold, merged.fold);
    assert_eq!(one.join, merged.join);
    // Uppercase letters are folded as the tokenizer sees them: lowercased first.
    assert_eq!(one.fold.get("ǆ").map(String::as_str), Some("dz"));
    assert!(!one.fold.contains_key("Ǆ"));
    assert_eq!(one.fold.get("ŀ").map(String::as_str), Some("l"));
    assert_eq!(one.fold.get("ｍ").map(String::as_str), Some("m"));
}
