"""The peer of bench/pages_bench.py: the smallest Streamlit app with one Plotly chart, served beside the
dashboard so that "first chart" is stated against what Streamlit itself costs on the same machine and run."""

import plotly.graph_objects as go
import streamlit as st

st.title("Một biểu đồ")
st.plotly_chart(go.Figure(go.Bar(x=["Quý I", "Quý II", "Quý III", "Quý IV"], y=[98.5, 99.1, 97.8, 99.5])))
