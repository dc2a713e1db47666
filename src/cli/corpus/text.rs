//! `.txt` files: an optional ` date YYYY-MM[-DD] Headline` first line (the
//! shape of the bundled news corpus), then the body.

use trouve::{Date, Document};

use super::plain_text;
use super::title::{first_sentence_end, split_title};

pub fn read(text: &str) -> Result<Document, String> {
    let text = text.trim_start();
    let (date, text, title_end) = match date_line(text) {
        Some((date, headline)) if !headline.is_empty() && !headline.starts_with(['\r', '\n']) => (
            Some(date),
            headline,
            headline.find('\n').unwrap_or(headline.len()),
        ),
        // A date line with nothing after the date: the title comes from the text.
        Some((date, rest)) => {
            let rest = rest.trim_start();
            (Some(date), rest, first_sentence_end(rest))
        }
        None => (None, text, first_sentence_end(text)),
    };
    if text.is_empty() {
        return Err("no text".into());
    }
    let (title, rest) = split_title(text, title_end);
    Ok(Document {
        title,
        date,
        body: plain_text::from_lines(rest),
        ..Document::default()
    })
}

/// If `text` starts with `date YYYY-MM` or `date YYYY-MM-DD`: the date and
/// the text after it, starting with the rest of that line.
fn date_line(text: &str) -> Option<(Date, &str)> {
    let rest = text.strip_prefix("date")?;
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    let rest = rest.trim_start_matches([' ', '\t']);
    let token_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
    // A bare year is not taken: "date 2024 ..." may just be a sentence.
    let date = Date::parse(&rest[..token_end]).filter(|date| date.month != 0)?;
    Some((date, rest[token_end..].trim_start_matches([' ', '\t'])))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Option<Date> {
        Date::parse(text)
    }

    #[test]
    fn a_date_line_gives_the_date_and_the_headline() {
        let doc = read(
            " date 2024-03 Le secrétaire général du Parti communiste du Vietnam Nguyen Phu Trong a effectué le 26 mars une conversation téléphonique avec le président russe Vladimir Poutine.\n\nLe secrétaire général du Parti communiste du Vietnam Nguyen Phu Trong. Photo : VNA\n\nNguyen Phu Trong a chaleureusement félicité le président Poutine.\n",
        )
        .unwrap();
        assert_eq!(doc.date, date("2024-03"));
        assert_eq!(
            doc.title,
            "Le secrétaire général du Parti communiste du Vietnam Nguyen Phu Trong a effectué le 26 mars une conversation téléphonique avec le président russe Vladimir Poutine."
        );
        assert_eq!(
            doc.body,
            "Le secrétaire général du Parti communiste du Vietnam Nguyen Phu Trong. Photo : VNA\n\nNguyen Phu Trong a chaleureusement félicité le président Poutine."
        );
    }

    #[test]
    fn a_day_date_and_a_headline_without_final_period() {
        let doc =
            read(" date 2026-02-25 La Russie salue les résultats du XIVe Congrès du Parti communiste du Vietnam\n\nDans le cadre de sa visite en Russie.")
                .unwrap();
        assert_eq!(doc.date, date("2026-02-25"));
        assert_eq!(
            doc.title,
            "La Russie salue les résultats du XIVe Congrès du Parti communiste du Vietnam"
        );
        assert_eq!(doc.body, "Dans le cadre de sa visite en Russie.");
    }

    #[test]
    fn without_a_date_line_the_title_is_the_first_sentence() {
        let doc = read("Le vice-Premier ministre russe, Dmitry Chernyshenko (gauche), serre la main au secrétaire général Tô Lâm à l’aéroport avant son départ, le 11 mai. Photo: VNA\n\nDurant son séjour en Russie, le secrétaire général a eu des rencontres bilatérales.\n").unwrap();
        assert_eq!(doc.date, None);
        assert_eq!(doc.title, "Le vice-Premier ministre russe, Dmitry Chernyshenko (gauche), serre la main au secrétaire général Tô Lâm à l’aéroport avant son départ, le 11 mai.");
        assert_eq!(doc.body, "Photo: VNA\n\nDurant son séjour en Russie, le secrétaire général a eu des rencontres bilatérales.");
    }

    #[test]
    fn crlf_lines_work_like_lf() {
        let doc = read(" date 2025-04 Le chef du Parti reçoit l'ambassadeur\r\n\r\nPremier paragraphe.\r\nMême paragraphe.\r\n\r\n\r\nDeuxième.\r\n").unwrap();
        assert_eq!(doc.title, "Le chef du Parti reçoit l'ambassadeur");
        assert_eq!(
            doc.body,
            "Premier paragraphe.\nMême paragraphe.\n\nDeuxième."
        );
        let doc = read("Titre sans date\r\nTexte.\r\n").unwrap();
        assert_eq!(
            (doc.title.as_str(), doc.body.as_str()),
            ("Titre sans date", "Texte.")
        );
    }

    #[test]
    fn a_date_alone_on_its_line_leaves_the_title_to_the_text() {
        let doc = read("date 2025-01-02\n\nUn titre. Le texte.").unwrap();
        assert_eq!(doc.date, date("2025-01-02"));
        assert_eq!(
            (doc.title.as_str(), doc.body.as_str()),
            ("Un titre.", "Le texte.")
        );
        assert_eq!(read("  date 2025-01\n \n").unwrap_err(), "no text");
    }

    #[test]
    fn date_as_a_word_is_not_a_date_line() {
        for text in [
            "date limite dépassée. Texte.",
            "date 2024 fut une année. Texte.",
            "date 2024-13 rien. Texte.",
            "date2024-03 x. Texte.",
        ] {
            let doc = read(text).unwrap();
            assert_eq!(doc.date, None, "{text}");
            assert!(doc.title.starts_with("date"), "{text}");
        }
    }

    #[test]
    fn a_long_headline_is_cut_and_kept_whole_in_the_body() {
        let headline = "Très long titre ".repeat(20);
        let doc = read(&format!("date 2024-03 {headline}\n\nCorps.")).unwrap();
        assert!(
            doc.title.ends_with('…') && doc.title.chars().count() <= 200,
            "{}",
            doc.title
        );
        assert_eq!(doc.body, format!("{}\n\nCorps.", headline.trim_end()));
    }

    #[test]
    fn a_file_without_text_is_refused() {
        for text in ["", " \n\t\r\n "] {
            assert_eq!(read(text).unwrap_err(), "no text");
        }
    }
}
