"""frame.cache.figure: a chart built once for the same arguments, shared by reruns and sessions."""

import pandas as pd
import plotly.graph_objects as go

from frame import cache


def test_a_figure_is_built_once_for_equal_arguments_and_again_for_other_ones():
    built = []

    def bars(frame, title):
        built.append((len(frame), title))
        return go.Figure(go.Bar(x=list(frame["unit"]), y=list(frame["value"])), layout={"title": {"text": title}})

    rows = pd.DataFrame({"unit": ["Sở A", "Sở B"], "value": [3, 5]})
    first = cache.figure(bars, rows, "Số hồ sơ")
    again = cache.figure(bars, rows.copy(), "Số hồ sơ")            # equal rows read again: the same figure
    assert again is first and built == [(2, "Số hồ sơ")]
    other = cache.figure(bars, rows.assign(value=[3, 6]), "Số hồ sơ")    # new numbers: a new figure
    titled = cache.figure(bars, rows, title="Hồ sơ")                    # a keyword is part of the key too
    assert other is not first and list(other.data[0].y) == [3, 6]
    assert titled.layout.title.text == "Hồ sơ"
    assert built == [(2, "Số hồ sơ"), (2, "Số hồ sơ"), (2, "Hồ sơ")]
