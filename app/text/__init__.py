"""One text analysis for every search and every match list.

A text goes through the same steps wherever it is indexed or searched:

1. **Language.** Swedish or English is detected per text (`analysis.detect_language`): stop words
   of each language, and the letters å, ä, ö, count as evidence; a tie is Swedish. A query is
   short, so its words are stemmed in both languages unless it is plainly Swedish.
2. **Folding** (`analysis.fold`). Unicode NFC, lower case (casefold). å, ä and ö are letters of
   their own in Swedish (sv: "får" sheep, "far" father) and are kept; æ becomes ä and ø becomes ö
   (their Danish and Norwegian spellings, sorted the same way in Swedish); every other accent is
   removed (é → e, ü → u, ç → c), so "café" and "cafe" are one word.
3. **Words**: runs of letters and digits; hyphenated words are split into their parts; numbers
   of fewer than four digits and one-letter words are dropped, and so are the stop words of the
   text's language (`stopwords`, one list per language).
4. **Base form and stem.** A Swedish word is first brought to its base form with a dictionary
   (Swedish word frequencies from `wordfreq`, installed with the package, never downloaded): the
   suffixes of plural, definite and genitive forms are tried and the shortest form that is a
   real word wins ("konferenser" → "konferens", "cyklar" → "cykel", "mötet" → "möte"); then the
   Snowball stemmer of the language makes the term.
5. **Compounds.** A Swedish word the dictionary does not know as a common word is split into two
   (or three) known words, with the linking s allowed ("föreningsidrotten" → förening + idrott,
   "eftermiddagsfika" → eftermiddag + fika). The whole word and its parts are all indexed.
6. **Across languages.** A bilingual vocabulary of the alliance's themes (`data/themes.yaml`)
   maps the stems of its Swedish and English words to one shared term, so that "climate" and
   "klimatet" are the same term.

The index (`index`) stores the terms of every indexed text in one table that both SQLite and
PostgreSQL read with the same SQL, and `search` ranks with the same BM25 as the match lists.
"""
from app.text.analysis import Analysis, analyse, detect_language, fold, tokenise  # noqa: F401
