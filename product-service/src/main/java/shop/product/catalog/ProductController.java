package shop.product.catalog;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.JsonNode;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springdoc.core.annotations.ParameterObject;

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
@Tag(name = "Products", description = "The catalog: browsing is public, changes take an administrator")
class ProductController {

	static final String MERGE_PATCH_JSON = "application/merge-patch+json";

	/** As many ids as an order may have lines. */
	static final int MAX_AVAILABILITY_IDS = 50;

	private final ProductCatalog catalog;

	ProductController(ProductCatalog catalog) {
		this.catalog = catalog;
	}

	/** Products sorted by name; {@code q} filters on name, SKU and description regardless of case. */
	@GetMapping
	@Operation(summary = "Browse the catalog, sorted by name",
			description = "Pages of at most 100 products; `q` filters on name, SKU and description regardless of case; "
					+ "always by name: `sort` is ignored.")
	Page<ProductView> search(@RequestParam(required = false) String q, @ParameterObject Pageable pageable) {
		// Always by name, whatever sort the client asks for: that is the order the index serves.
		return this.catalog.search(q, PageRequest.of(pageable.getPageNumber(), pageable.getPageSize()));
	}

	/**
	 * How many units of each known product are in stock: the batch form of reading {@code stock} from
	 * {@code GET /api/products/{id}}, so public like it (it shows nothing that is not public already). user-service
	 * asks it before accepting an order; unknown ids are left out of the answer.
	 */
	@GetMapping("/availability")
	@Operation(summary = "Stock of several products at once",
			description = "1 to 50 comma-separated ids; products that do not exist are left out of the answer.")
	@ApiResponse(responseCode = "200", description = "Id and stock of each known product")
	List<Availability> availability(@RequestParam @Size(min = 1, max = MAX_AVAILABILITY_IDS) List<UUID> ids) {
		return this.catalog.availability(ids);
	}

	@GetMapping("/{id}")
	@Operation(summary = "One product, with its stock")
	@ApiResponse(responseCode = "200", description = "The product")
	@ApiResponse(responseCode = "404", description = "No such product")
	ProductView get(@PathVariable UUID id) {
		return this.catalog.get(id);
	}

	@PostMapping
	@Operation(summary = "Add a product")
	@ApiResponse(responseCode = "201", description = "Added: the product, and its URL in Location")
	@ApiResponse(responseCode = "409", description = "A product with this SKU exists (regardless of case)")
	ResponseEntity<ProductView> add(@Valid @RequestBody NewProduct product) {
		ProductView created = this.catalog.add(product);
		// A path, not an absolute URL: behind the gateway the service does not know the public host.
		return ResponseEntity.created(URI.create("/api/products/" + created.id())).body(created);
	}

	/** A JSON merge patch (RFC 7396) of name, description, price and stock. */
	@Operation(summary = "Change a product's name, description, price or stock",
			description = "A JSON merge patch (RFC 7396): absent properties stay, `null` removes the description; "
					+ "id, SKU and currency never change, and unknown properties are refused.")
	@ApiResponse(responseCode = "200", description = "The changed product")
	@ApiResponse(responseCode = "404", description = "No such product")
	@PatchMapping(path = "/{id}", consumes = { MERGE_PATCH_JSON, MediaType.APPLICATION_JSON_VALUE })
	ProductView revise(@PathVariable UUID id,
			@RequestBody @io.swagger.v3.oas.annotations.parameters.RequestBody(description = "Any of these properties",
					content = @Content(schema = @Schema(implementation = ProductRevision.class))) JsonNode body) {
		ProductMergePatch patch = ProductMergePatch.parse(body);
		return this.catalog.revise(id, patch::applyTo);
	}

}
