# hubbook: `make run` serves the programme with demo data; `make test` runs
# the whole suite. Both need only Go, npm and PostgreSQL's server binaries.

BIN        := bin/hubbook
SGDS       := node_modules/@scottish-government/design-system
VENDOR_CSS := static/vendor/design-system.min.css

.DEFAULT_GOAL := help

.PHONY: help
help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-11s %s\n", $$1, $$2}'

# The design system's compiled CSS is copied from npm at build time, not committed.
$(SGDS)/package.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(VENDOR_CSS): $(SGDS)/package.json
	mkdir -p static/vendor
	cp $(SGDS)/dist/css/design-system.min.css $(VENDOR_CSS)
	cp $(SGDS)/LICENSE.txt static/vendor/design-system-LICENSE.txt

.PHONY: assets
assets: $(VENDOR_CSS) ## copy the design system's files into static/vendor

.PHONY: build
build: assets ## build bin/hubbook
	go build -o $(BIN) ./cmd/hubbook

.PHONY: run
run: build ## migrate, seed an empty database with demo data, and serve on 127.0.0.1:8080
	$(BIN) migrate
	$(BIN) seed
	@echo 'hubbook: sign in with a demo account listed in README.md, or add your own: HUBBOOK_PASSWORD=... $(BIN) user add --email you@example.org --name "Your Name" --role admin'
	@echo "hubbook: open http://$${HUBBOOK_ADDR:-127.0.0.1:8080} (Ctrl+C stops the server; make stop-db stops the local PostgreSQL)"
	exec $(BIN) serve

.PHONY: test
test: build ## run every test: Go (against a throwaway PostgreSQL) then the browser tests
	go test -race -count=1 ./...
	e2e/run.sh

.PHONY: e2e
e2e: build ## run only the browser tests (headless Chromium; skipped when none is installed)
	e2e/run.sh

.PHONY: lint
lint: assets ## check formatting, go.mod tidiness and run go vet
	@out=$$(gofmt -l cmd internal migrations static templates); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	go mod tidy -diff
	go vet ./...

.PHONY: bench
bench: assets ## run the Go benchmarks (programme page, API and calendar feed with 5,000 sessions)
	go test -run '^$$' -bench . -benchmem ./internal/web/

.PHONY: stop-db
stop-db: ## stop the local PostgreSQL cluster that make run started
	@if [ -x $(BIN) ]; then $(BIN) stop-db; elif [ -d .data/postgres ]; then $(MAKE) build && $(BIN) stop-db; fi

.PHONY: clean-data
clean-data: stop-db ## stop the local PostgreSQL cluster and delete .data (all local data)
	rm -rf .data

.PHONY: clean
clean: ## remove build output and copied assets
	rm -rf bin static/vendor
