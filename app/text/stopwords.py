"""Stop words for Swedish and English: frequent words that say nothing about a match."""

SWEDISH = frozenset("""
alla allt andra annan annat att av bara bli blir blev de dem den denna deras dess dessa det detta dig din dina
ditt du där efter eftersom ej eller en ens er era ert ett finns från får för genom ha hade han hans har hela
henne hennes hon honom hur här i in inga ingen inget inom inte jag ju kan kunde man med mellan men mer mig min
mina mitt mot mycket många ni nu när någon något några och om oss också på sedan sig sin sina sitt ska skall
skulle som så sådan sådana till under upp ut utan vad var vara varit varje vars vem vi vid vill vilka vilken
vilket våra vårt vår än är åt över även både samt dock per enligt kring cirka ca behöver behov vi söker
önskar gärna ska kommer göra gör görs finns erbjuder erbjuda
""".split())

ENGLISH = frozenset("""
a about above after again against all also am an and any are as at be because been before being below between
both but by can could did do does doing down during each few for from further had has have having he her here
hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of
off on once only or other our ours ourselves out over own same she should so some such than that the their
theirs them themselves then there these they this those through to too under until up very was we were what
when where which while who whom why will with would you your yours yourself yourselves us per via within
need needs looking offer offers provide provides able
""".split())
