"""One test style for every transition table: every (state, action, role), through the real routes.

Each area's test says by hand who may take each action (never read from the table under test),
how to make an object in a state, how to take an action as a role, and how to read the object back.
"""


def walk_transition_table(lifecycle, state, roles, may, *, make, act, read):
    """Take every person-facing action of `lifecycle` as every role from `state`, each on a fresh object.

    Allowed moves answer with a redirect, reach the row's target and write exactly one event; the
    others answer 403 when the role may not (whatever the state), else 409, and change nothing.
    Return the number of cases walked.
    """
    cases = 0
    for row in lifecycle.transitions:
        if row.permission is None:  # taken by the application itself, never through a route
            continue
        for role in roles:
            object_id = make(state)
            before = read(object_id)
            response = act(row.action, role, object_id)
            after = read(object_id)
            allowed = may(row.action, role, state)
            case = (getattr(state, "value", state), row.action.value, role)
            if allowed and state in row.sources:
                assert response.status_code in (302, 303), (case, response.status_code,
                                                            response.get_data(as_text=True)[:600])
                assert after == (row.target, before[1] + 1), (case, before, after)
            else:
                assert response.status_code == (409 if allowed else 403), (case, response.status_code)
                assert after == before, (case, before, after)
            response.close()
            cases += 1
    return cases
