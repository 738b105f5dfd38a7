"""ipywidgets forms bound to the store. `page.page(domain, …)` is what each domain notebook displays in Voila;
`request.page_params` reads the page's query string. Nothing is imported here, so a report kernel that only
reads its parameters never loads ipywidgets."""
