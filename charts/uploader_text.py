"""Streamlit's file uploader writes "Upload" and "200MB per file" in English and has no option to change
them; this style sheet puts the Vietnamese text in their place (the elements keep their role and
keyboard behaviour — only what is painted changes)."""


def uploader_style(limit_mb: int | float) -> str:
    limit = f"{limit_mb:g}".replace(".", ",")
    return f"""<style>
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p {{ font-size: 0; }}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after {{
  content: "Chọn tệp"; font-size: 0.95rem; }}
[data-testid="stFileUploaderDropzoneInstructions"] span {{ font-size: 0; }}
[data-testid="stFileUploaderDropzoneInstructions"] span::after {{
  content: "Kéo thả tệp vào đây · tối đa {limit} MB mỗi tệp · .xlsx, .csv"; font-size: 0.875rem; }}
</style>"""
