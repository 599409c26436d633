// Create or update claims of one relation type (__TYPE__ comes from the
// vocabulary through graphkit's quoting helper): one relationship per claim row,
// carrying its provenance. Stamped like the entities (see entities.cypher).
// Its two entities are matched on the element ids that loading them returned
// (entities.cypher), which skips two index look-ups per claim; the label check
// and the count returned catch an entity removed meanwhile (the loader then stops
// and asks for a rerun).
// When this dataset has no claim of the type yet (has_claims.cypher, or
// has_entities.cypher for the whole dataset), the loader runs this statement with
// a CREATE of the claim in place of its MERGE, which skips MERGE's look-up and
// locking, and with the type read from each row ($(types[i]), the vocabulary's
// types, set by the loader), so that one batch holds claims of every type; the
// type's uniqueness constraint still refuses a claim that a racing load wrote
// meanwhile, and the loader then runs that batch again as written here, type by type.
// Parameters: $dataset (text), $load (text), $started (integer: the load's start, server ms),
//             $ranks (map: status -> rank), $sep (text), $columns (map of texts, one per column,
//             the rows' values joined by $sep: claim_id, from_element, to_element (the entities'
//             element ids), type (the relationship type), relation, status, stance,
//             attributed_to, attributed_to_name, party (the independent party: the
//             attributing entity, or the document or author it is one party with), source_id, source_title, locator, quote, start, end,
//             start_day and end_day (ISO dates or ''), seed_claim, note, role, share, amount, currency (texts as
//             written: toFloat(r.amount) to sum), line, disputed ('1' or '': a denial the default filter
//             counts exists), denied_rank (the link's strongest denial, a status rank, or ''))
WITH split($columns.claim_id, $sep) AS ids, split($columns.from_element, $sep) AS froms,
     split($columns.to_element, $sep) AS tos, split($columns.type, $sep) AS types,
     split($columns.relation, $sep) AS relations,
     split($columns.status, $sep) AS statuses, split($columns.stance, $sep) AS stances,
     split($columns.attributed_to, $sep) AS parties, split($columns.source_id, $sep) AS sources,
     split($columns.party, $sep) AS independents,
     split($columns.source_title, $sep) AS titles,
     split($columns.start_day, $sep) AS start_days, split($columns.end_day, $sep) AS end_days,
     split($columns.line, $sep) AS lines, split($columns.disputed, $sep) AS disputed,
     split($columns.denied_rank, $sep) AS denied_ranks,
     // optional values: an empty one is no property
     [v IN split($columns.attributed_to_name, $sep) | CASE v WHEN '' THEN null ELSE v END] AS party_names,
     [v IN split($columns.locator, $sep) | CASE v WHEN '' THEN null ELSE v END] AS locators,
     [v IN split($columns.quote, $sep) | CASE v WHEN '' THEN null ELSE v END] AS quotes,
     [v IN split($columns.start, $sep) | CASE v WHEN '' THEN null ELSE v END] AS starts,
     [v IN split($columns.end, $sep) | CASE v WHEN '' THEN null ELSE v END] AS ends,
     [v IN split($columns.seed_claim, $sep) | CASE v WHEN '' THEN null ELSE v END] AS seed_claims,
     [v IN split($columns.note, $sep) | CASE v WHEN '' THEN null ELSE v END] AS notes,
     [v IN split($columns.role, $sep) | CASE v WHEN '' THEN null ELSE v END] AS roles,
     [v IN split($columns.share, $sep) | CASE v WHEN '' THEN null ELSE v END] AS shares,
     [v IN split($columns.amount, $sep) | CASE v WHEN '' THEN null ELSE v END] AS amounts,
     [v IN split($columns.currency, $sep) | CASE v WHEN '' THEN null ELSE v END] AS currencies
UNWIND range(0, size(ids) - 1) AS i
MATCH (a:GraphkitEntity) WHERE elementId(a) = froms[i]
MATCH (b:GraphkitEntity) WHERE elementId(b) = tos[i]
MERGE (a)-[r:__TYPE__ {graphkit_dataset: $dataset, claim_id: ids[i]}]->(b)
SET r.relation = relations[i], r.status = statuses[i], r.status_rank = $ranks[statuses[i]],
    r.stance = stances[i], r.attributed_to = parties[i], r.attributed_to_name = party_names[i],
    r.party = independents[i],
    r.source_id = sources[i], r.source_title = titles[i], r.locator = locators[i], r.quote = quotes[i],
    r.start = starts[i], r.end = ends[i],
    r.start_day = CASE start_days[i] WHEN '' THEN null ELSE date(start_days[i]) END,
    r.end_day = CASE end_days[i] WHEN '' THEN null ELSE date(end_days[i]) END,
    r.seed_claim = seed_claims[i], r.note = notes[i], r.line = toInteger(lines[i]),
    r.role = roles[i], r.share = shares[i], r.amount = amounts[i], r.currency = currencies[i],
    r.disputed = disputed[i] = '1',
    r.denied_rank = CASE denied_ranks[i] WHEN '' THEN null ELSE toInteger(denied_ranks[i]) END,
    r.graphkit_load = CASE WHEN r.graphkit_load_started > $started THEN r.graphkit_load ELSE $load END,
    r.graphkit_load_started = CASE WHEN r.graphkit_load_started > $started THEN r.graphkit_load_started
                              ELSE $started END
RETURN count(*) AS written
