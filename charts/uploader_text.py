"""Streamlit's file uploader writes "Upload" and "200MB per file" in English and has no option to change
them; this style sheet puts the Vietnamese text in their place (the elements keep their role and
keyboard behaviour — only what is painted changes)."""

from vocabulary.numbers import short


def uploader_style(limit_mb: int | float, types: str = ".xlsx, .csv") -> str:
    """The style for every uploader of the page it is put on; `types` as the reader should see them."""
    limit = short(limit_mb, 1)
    return f"""<style>
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p {{ font-size: 0; }}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after {{
  content: "Chọn tệp"; font-size: 0.95rem; }}
[data-testid="stFileUploaderDropzoneInstructions"] span {{ font-size: 0; }}
[data-testid="stFileUploaderDropzoneInstructions"] span::after {{
  content: "Kéo thả tệp vào đây · tối đa {limit} MB mỗi tệp · {types}"; font-size: 0.875rem; }}
</style>"""
