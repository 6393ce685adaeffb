package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
)

// assets serves static files under content-hashed names, so that browsers
// may cache them for a year and still see every change at once:
// css/hubbook.css is linked as /static/css/hubbook.1a2b3c4d5e.css.
type assets struct {
	byHashed map[string]asset // "css/hubbook.1a2b3c4d5e.css" -> file
	hashed   map[string]string
}

type asset struct {
	body        []byte
	contentType string
}

func loadAssets(fsys fs.FS) (*assets, error) {
	a := &assets{byHashed: map[string]asset{}, hashed: map[string]string{}}
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(name, ".go") {
			return err
		}
		body, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		ext := path.Ext(name)
		hashed := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:5]) + ext
		ctype := mime.TypeByExtension(ext)
		if ctype == "" {
			ctype = http.DetectContentType(body)
		}
		a.byHashed[hashed] = asset{body: body, contentType: ctype}
		a.hashed[name] = hashed
		return nil
	})
	return a, err
}

// url returns the content-hashed URL of the static file name. An unknown
// name is an error, so a template that names a missing file fails to render
// in the tests rather than linking nowhere.
func (a *assets) url(name string) (string, error) {
	h, ok := a.hashed[name]
	if !ok {
		return "", fmt.Errorf("no static file %q", name)
	}
	return "/static/" + h, nil
}

func (a *assets) serve(c *gin.Context) {
	name := strings.TrimPrefix(c.Param("filepath"), "/")
	f, ok := a.byHashed[name]
	if !ok {
		c.Status(http.StatusNotFound)
		return
	}
	c.Header("Cache-Control", "public, max-age=31536000, immutable")
	c.Header("Content-Type", f.contentType)
	http.ServeContent(c.Writer, c.Request, "", time.Time{}, bytes.NewReader(f.body))
}
