SELECT E'a\'' -- not a comment
'b' /* c /* nested */ */; -- real
SELECT $$ -- x $$, U&'d' UESCAPE '!', "q--" FROM t; -- end
