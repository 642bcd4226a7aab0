package shop.product.catalog;

import java.net.URI;
import java.util.UUID;

import jakarta.validation.Valid;
import tools.jackson.databind.JsonNode;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The catalog over HTTP. Who may call what is in {@code SecurityConfiguration}. */
@RestController
@RequestMapping("/api/products")
class ProductController {

	static final String MERGE_PATCH_JSON = "application/merge-patch+json";

	private final ProductCatalog catalog;

	ProductController(ProductCatalog catalog) {
		this.catalog = catalog;
	}

	/** Products sorted by name; {@code q} filters on name, SKU and description regardless of case. */
	@GetMapping
	Page<ProductView> search(@RequestParam(required = false) String q, Pageable pageable) {
		// Always by name, whatever sort the client asks for: that is the order the index serves.
		return this.catalog.search(q, PageRequest.of(pageable.getPageNumber(), pageable.getPageSize()));
	}

	@GetMapping("/{id}")
	ProductView get(@PathVariable UUID id) {
		return this.catalog.get(id);
	}

	@PostMapping
	ResponseEntity<ProductView> add(@Valid @RequestBody NewProduct product) {
		ProductView created = this.catalog.add(product);
		// A path, not an absolute URL: behind the gateway the service does not know the public host.
		return ResponseEntity.created(URI.create("/api/products/" + created.id())).body(created);
	}

	/** A JSON merge patch (RFC 7396) of name, description, price and stock. */
	@PatchMapping(path = "/{id}", consumes = { MERGE_PATCH_JSON, MediaType.APPLICATION_JSON_VALUE })
	ProductView revise(@PathVariable UUID id, @RequestBody JsonNode body) {
		ProductMergePatch patch = ProductMergePatch.parse(body);
		return this.catalog.revise(id, patch::applyTo);
	}

}
