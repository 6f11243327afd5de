//! A buyer's words as an index query: every word must match, each in any field (the title
//! weighs most), as the word, its stem or the beginning of a longer word; with the synonyms
//! that apply, each restricted to its category.

use super::schema::{Fields, prefix_of, stems_analyzer, tokens, words_analyzer};
use crate::domain::synonyms::Synonyms;
use tantivy::Term;
use tantivy::query::{BooleanQuery, BoostQuery, EmptyQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};

/// A synonym group, for searches anywhere or in one category (and those under it), its
/// words folded as the index folds them.
#[derive(Debug, Clone)]
pub(super) struct SynonymGroup {
    category: Option<i64>,
    alternatives: Vec<Vec<String>>,
}

impl SynonymGroup {
    pub fn new(category: Option<i64>, synonyms: &Synonyms) -> SynonymGroup {
        let alternatives = synonyms
            .alternatives()
            .iter()
            .map(|words| fold(words).into_iter().map(|w| w.word).collect::<Vec<_>>())
            .filter(|words| !words.is_empty())
            .collect();
        SynonymGroup { category, alternatives }
    }
}

/// The query words, folded as the index folds them, with their stems.
struct Word {
    word: String,
    stem: String,
}

pub(super) struct Text<'a> {
    fields: &'a Fields,
    synonyms: &'a [SynonymGroup],
}

impl<'a> Text<'a> {
    pub fn new(fields: &'a Fields, synonyms: &'a [SynonymGroup]) -> Text<'a> {
        Text { fields, synonyms }
    }

    /// The query for `terms` (a search's words); `None` without any.
    pub fn query(&self, terms: &[String]) -> Option<Box<dyn Query>> {
        let words = fold(terms);
        if words.is_empty() {
            return None;
        }
        let mut must: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut i = 0;
        while i < words.len() {
            let (used, clause) = self.clause_at(&words[i..]);
            must.push((Occur::Must, clause));
            i += used;
        }
        Some(Box::new(BooleanQuery::new(must)))
    }

    /// The clause for the words at the start of `words`, and how many it took: the longest
    /// run that is a synonym, or one word.
    fn clause_at(&self, words: &[Word]) -> (usize, Box<dyn Query>) {
        let texts: Vec<&str> = words.iter().map(|w| w.word.as_str()).collect();
        let longest = self
            .synonyms
            .iter()
            .flat_map(|g| g.alternatives.iter())
            .filter(|alt| texts.starts_with(&alt.iter().map(String::as_str).collect::<Vec<_>>()))
            .map(Vec::len)
            .max();
        let Some(n) = longest else {
            return (1, self.word(&words[0], true));
        };
        let typed = &texts[..n];
        let literal: Box<dyn Query> = if n == 1 {
            self.word(&words[0], true)
        } else {
            Box::new(BooleanQuery::new(words[..n].iter().map(|w| (Occur::Must, self.word(w, true))).collect()))
        };
        let mut should: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Should, literal)];
        for group in self.synonyms {
            let alternatives = &group.alternatives;
            if !alternatives.iter().any(|alt| alt.iter().map(String::as_str).eq(typed.iter().copied())) {
                continue;
            }
            for alt in alternatives.iter().filter(|alt| !alt.iter().map(String::as_str).eq(typed.iter().copied())) {
                let clause = self.alternative(alt);
                let clause: Box<dyn Query> = match group.category {
                    Some(category) => Box::new(BooleanQuery::new(vec![
                        (Occur::Must, clause),
                        (Occur::Must, term(Term::from_field_u64(self.fields.category_path, category as u64))),
                    ])),
                    None => clause,
                };
                should.push((Occur::Should, clause));
            }
        }
        (n, Box::new(BooleanQuery::new(should)))
    }

    /// A synonym: its word, or its words as a phrase.
    fn alternative(&self, words: &[String]) -> Box<dyn Query> {
        let folded = fold(words);
        match folded.as_slice() {
            [] => Box::new(EmptyQuery),
            [one] => self.word(one, false),
            many => {
                let f = self.fields;
                let phrase = |field: Field, boost: f32| -> (Occur, Box<dyn Query>) {
                    let terms = many.iter().map(|w| Term::from_field_text(field, &w.word)).collect();
                    (Occur::Should, Box::new(BoostQuery::new(Box::new(PhraseQuery::new(terms)), boost)))
                };
                Box::new(BooleanQuery::new(vec![
                    phrase(f.title, 4.0),
                    phrase(f.names, 2.0),
                    phrase(f.specs, 1.5),
                    phrase(f.description, 1.0),
                ]))
            }
        }
    }

    /// One word in any field: as typed, stemmed, or (with `prefix`, from two letters) as the
    /// beginning of a title, category, supplier or specification word.
    fn word(&self, word: &Word, prefix: bool) -> Box<dyn Query> {
        let f = self.fields;
        let text = |field: Field, w: &str, boost: f32| -> (Occur, Box<dyn Query>) {
            (Occur::Should, Box::new(BoostQuery::new(term(Term::from_field_text(field, w)), boost)))
        };
        let mut should = vec![
            text(f.title, &word.word, 4.0),
            text(f.names, &word.word, 2.0),
            text(f.specs, &word.word, 1.5),
            text(f.description, &word.word, 1.0),
            text(f.stems, &word.stem, 0.8),
        ];
        if prefix && word.word.chars().nth(1).is_some() {
            let start = prefix_of(&word.word);
            should.push(text(f.title_prefixes, &start, 1.0));
            should.push(text(f.prefixes, &start, 0.5));
        }
        Box::new(BooleanQuery::new(should))
    }
}

fn term(term: Term) -> Box<dyn Query> {
    Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs))
}

/// The words as the index folds them (accents off), each with its stem; a word folding to
/// nothing is dropped.
fn fold(terms: &[String]) -> Vec<Word> {
    let mut words = words_analyzer();
    let mut stems = stems_analyzer();
    terms
        .iter()
        .filter_map(|t| {
            let word = tokens(&mut words, t).into_iter().next()?;
            let stem = tokens(&mut stems, t).into_iter().next().unwrap_or_else(|| word.clone());
            Some(Word { word, stem })
        })
        .collect()
}

/// The folded form of `term`, as the index holds it.
pub(super) fn folded(term: &str) -> Option<String> {
    tokens(&mut words_analyzer(), term).into_iter().next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synonym_words_are_folded_like_the_index() {
        let group = SynonymGroup::new(Some(7), &Synonyms::parse("Café, coffee shop").unwrap());
        assert_eq!(group.alternatives, [vec!["cafe".to_string()], vec!["coffee".to_string(), "shop".to_string()]]);
    }
}
