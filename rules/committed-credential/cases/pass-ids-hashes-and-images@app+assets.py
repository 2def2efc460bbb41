# Identifiers and digests that look random but grant nothing.
REQUEST_ID = "3f2b8c1e-9a4d-4e7b-8c2f-1d5e6a7b8c9d"
COMMIT = "e83c5163316f89bfbde7d9ab23ca2e25604af290"
SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
LOGO = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
API_KEY_HEADER = "x-api-key"
TOKEN = os.environ["GITHUB_TOKEN"]
