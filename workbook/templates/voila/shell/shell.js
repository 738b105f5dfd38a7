// The app shell: header, navigation and the choices (community, period, language, name) carried from page
// to page in the query string and remembered in this browser (localStorage), so nothing resets.
(() => {
  const config = window.WB_SHELL;
  const KEY = "workbook.choices";
  const FIELDS = ["client", "period", "lang", "who"];
  const path = location.pathname;
  const marker = path.indexOf("/voila/render/");
  const base = marker >= 0 ? path.slice(0, marker + 1) : path.replace(/[^/]*$/, "");
  const page = marker >= 0 ? decodeURIComponent(path.slice(marker + 14)).replace(/\.ipynb$/, "") : "home";

  const stored = () => {
    try { return JSON.parse(localStorage.getItem(KEY) || "{}"); } catch (e) { return {}; }
  };
  const remember = (choices) => {
    try { localStorage.setItem(KEY, JSON.stringify(choices)); } catch (e) { /* private mode: URL only */ }
  };
  const asked = new URLSearchParams(location.search);
  const choices = {};
  let missing = false;
  for (const name of FIELDS) {
    const value = asked.get(name);
    if (value) { choices[name] = value; continue; }
    if (stored()[name]) { choices[name] = stored()[name]; missing = true; }
  }
  if (config.signedIn) { choices.who = config.signedIn; missing = missing && FIELDS.some(f => f !== "who" && !asked.get(f)); }
  // A page opened without the choices (a bookmark, a link typed by hand) gets the remembered ones before it runs.
  if (missing && !asked.get("wb-filled")) {
    const query = new URLSearchParams(asked);
    for (const name of FIELDS) { if (choices[name] && !(name === "who" && config.signedIn)) query.set(name, choices[name]); }
    query.set("wb-filled", "1");
    location.replace(path + "?" + query.toString());
    return;
  }
  remember({...stored(), ...choices});

  const lang = choices.lang && choices.lang.toLowerCase().startsWith("en") ? "en" : "zh-CN";
  const text = config.labels[lang];
  document.documentElement.lang = lang;
  const title = text.pages[page] ? `${text.pages[page]} · ${text.shell.title}` : text.shell.title;
  document.title = title;

  const query = (over = {}) => {
    const q = new URLSearchParams();
    const all = {...choices, ...over};
    for (const name of FIELDS) {
      if (all[name] && !(name === "who" && config.signedIn)) q.set(name, all[name]);
    }
    const token = asked.get("token");
    if (token) q.set("token", token);
    return q.toString();
  };
  const href = (name, over) => (name === "home" ? base : `${base}voila/render/${name}.ipynb`) + "?" + query(over);
  const element = (tag, attrs = {}, ...children) => {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) { if (v !== undefined && v !== null) el.setAttribute(k, v); }
    el.append(...children);
    return el;
  };

  const draw = (header) => {
    header.replaceChildren();
    const brand = element("a", {class: "wb-brand", href: href("home")}, text.shell.title);
    const context = element("div", {class: "wb-context"});
    if (choices.client) context.append(element("span", {class: "wb-chip", title: text.shell.client}, choices.client));
    if (choices.period) context.append(element("span", {class: "wb-chip", title: text.shell.period}, choices.period));
    const motto = (config.mottos || {})[choices.client];
    if (motto) {
      context.append(element("span", {class: "wb-motto", title: motto.values.join(" · ")},
                             [motto.slogan, ...motto.values].filter(Boolean).join(" · ")));
    }
    const languages = element("div", {class: "wb-lang-switch", role: "group", "aria-label": text.shell.language});
    for (const [code, name] of Object.entries(text.languages)) {
      const a = element("a", {href: href(page, {lang: code}), "aria-current": code === lang ? "true" : null,
                              "data-lang": code, lang: code}, name);
      a.addEventListener("click", () => remember({...stored(), lang: code}));
      languages.append(a);
    }
    const person = element("label", {class: "wb-person"}, element("span", {class: "wb-person-label"}, text.shell.who));
    const name = element("input", {id: "wb-shell-who", value: choices.who || "", maxlength: "80",
                                   placeholder: text.shell.who_placeholder, autocomplete: "name"});
    if (config.signedIn) { name.readOnly = true; name.title = text.shell.signed_in; }
    if (!choices.who) person.classList.add("wb-person-missing");
    name.addEventListener("change", () => {
      const who = name.value.trim();
      choices.who = who;
      remember({...stored(), who});
      // The page's kernel reads the name from the query string: open the page again with it.
      if (page !== "home") location.replace(href(page));
    });
    person.append(name);
    const nav = element("nav", {class: "wb-nav", "aria-label": text.shell.nav});
    for (const name of ["home", ...config.pages]) {
      nav.append(element("a", {href: href(name), "data-page": name, "aria-current": name === page ? "page" : null},
                         text.pages[name]));
    }
    // On the home page the name is a field of its form.
    const bar = page === "home" ? [brand, context, languages] : [brand, context, languages, person];
    header.append(element("div", {class: "wb-bar"}, ...bar), nav);
    const loading = document.getElementById("wb-loading-text");
    if (loading) loading.textContent = text.shell.loading;
    if (!choices.who && !config.signedIn && page !== "home") {
      header.append(element("p", {class: "wb-note wb-note-warning", role: "status"}, text.shell.who_missing));
    }
  };

  // The client's branding (client.yaml `branding`): its logo and name at the start of the bar, its colour as the
  // header's accent. Asked of the server, which answers only for a community this visitor may open.
  const showBrand = (header) => {
    const client = choices.client;
    for (const old of header.querySelectorAll(".wb-client-brand")) old.remove();
    header.classList.remove("wb-branded");
    header.style.removeProperty("--wb-brand");
    if (!client) return;
    const q = new URLSearchParams({client});
    if (asked.get("token")) q.set("token", asked.get("token"));
    fetch(`${base}workbook/brand.json?${q}`, {credentials: "same-origin"})
      .then((r) => (r.ok ? r.json() : null))
      .then((brand) => {
        if (!brand || choices.client !== client) return;
        const mark = element("span", {class: "wb-client-brand", "data-client": client});
        if (brand.logo) mark.append(element("img", {class: "wb-client-logo", src: brand.logo, alt: ""}));
        if (brand.name) mark.append(element("span", {class: "wb-client-name"}, brand.name));
        if (brand.colour) { header.style.setProperty("--wb-brand", brand.colour); header.classList.add("wb-branded"); }
        const bar = header.querySelector(".wb-bar");
        if (bar && mark.childElementCount) bar.prepend(mark);
      })
      .catch(() => { /* no branding shown; the page works without it */ });
  };

  window.WB = {
    page, lang, base,
    choices: () => ({...choices}),
    // The home page's form calls this as its fields change; the header and the links follow.
    set(values) {
      const before = choices.client;
      Object.assign(choices, values);
      const header = document.getElementById("wb-shell");
      if (header && choices.client !== before) showBrand(header);
      remember({...stored(), ...choices});
      // Links and chips are updated in place: redrawing would swap a link away under a click in progress
      // (the name field's change fires on mousedown elsewhere).
      for (const link of document.querySelectorAll("#wb-shell nav a")) link.href = href(link.dataset.page);
      for (const link of document.querySelectorAll("#wb-shell .wb-lang-switch a")) {
        link.href = href(page, {lang: link.dataset.lang});
      }
      const chips = document.querySelectorAll("#wb-shell .wb-chip");
      if (chips.length === 2) { chips[0].textContent = choices.client || ""; chips[1].textContent = choices.period || ""; }
    },
    href,
    progress(done, total) {
      const bar = document.getElementById("wb-loading-bar");
      if (bar) bar.style.width = `${Math.round(100 * done / Math.max(total, 1))}%`;
    },
    mount() {
      document.title = title;
      const header = document.getElementById("wb-shell");
      if (header) { draw(header); showBrand(header); }
    },
  };
})();
